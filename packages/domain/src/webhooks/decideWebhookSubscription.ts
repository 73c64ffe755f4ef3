import { NotFoundError } from '@conveyor/errors';
import type { WebhookEvent, WebhookMetadata } from '@conveyor/events';

/** What a subscription asks for: where, which events of which job types, signed with which (sealed) secret. */
export interface WebhookSubscriptionDefinition {
  url: string;
  /** Webhook event types (`job.succeeded`…); at least one. */
  eventTypes: string[];
  /** Job types whose events are delivered; empty for every type. */
  jobTypes: string[];
  /** The `whsec_` secret sealed with the secrets key ring: never in clear on the log. */
  sealedSecret: string;
  description: string | null;
}

/** A subscription as commands see it (the `webhook_subscriptions` read model). */
export type WebhookSubscriptionState = WebhookSubscriptionDefinition & { subscriptionId: string; status: 'active' | 'deleted' };

/** What a subscription command carries besides its fields: the id, the clock and the actor (the adapter's). */
export interface WebhookCommandMeta {
  eventId: string;
  now: number;
  actor: string;
  traceparent: string | null;
  tracestate: string | null;
}

export interface CreateWebhookSubscription {
  type: 'CreateWebhookSubscription';
  subscriptionId: string;
  meta: WebhookCommandMeta;
  data: WebhookSubscriptionDefinition;
}

export interface DeleteWebhookSubscription {
  type: 'DeleteWebhookSubscription';
  subscriptionId: string;
  meta: WebhookCommandMeta;
}

export type WebhookSubscriptionCommand = CreateWebhookSubscription | DeleteWebhookSubscription;

const metadata = (subscriptionId: string, m: WebhookCommandMeta): WebhookMetadata => ({
  eventId: m.eventId, subscriptionId, occurredAt: m.now, actor: m.actor, traceparent: m.traceparent, tracestate: m.tracestate,
});

/** A new id has no state; a repeated creation (same id) publishes nothing. */
export function createWebhookSubscription(command: CreateWebhookSubscription, state: WebhookSubscriptionState | null): WebhookEvent[] {
  if (state) return [];
  const d = command.data;
  return [{
    type: 'WebhookSubscriptionCreated',
    data: {
      meta: metadata(command.subscriptionId, command.meta), url: d.url, eventTypes: d.eventTypes, jobTypes: d.jobTypes,
      sealedSecret: d.sealedSecret, description: d.description,
    },
  }];
}

/** 404 for an unknown or already deleted subscription. */
export function deleteWebhookSubscription(command: DeleteWebhookSubscription, state: WebhookSubscriptionState | null): WebhookEvent[] {
  if (!state || state.status === 'deleted') throw new NotFoundError(`webhook subscription ${command.subscriptionId} does not exist`);
  return [{ type: 'WebhookSubscriptionDeleted', data: { meta: metadata(command.subscriptionId, command.meta) } }];
}

/** Routes a subscription command to its decider (pure, public). */
export function decideWebhookSubscription(command: WebhookSubscriptionCommand, state: WebhookSubscriptionState | null): WebhookEvent[] {
  switch (command.type) {
    case 'CreateWebhookSubscription':
      return createWebhookSubscription(command, state);
    case 'DeleteWebhookSubscription':
      return deleteWebhookSubscription(command, state);
    default: {
      const never: never = command;
      return never;
    }
  }
}
