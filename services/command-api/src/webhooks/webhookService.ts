import { randomBytes, randomUUID } from 'node:crypto';
import { NotFoundError } from '@conveyor/errors';
import type { JobEvent, WebhookEvent } from '@conveyor/events';
import {
  checkWebhookUrl, decideWebhookSubscription, formatWebhookSecret, submitDelivery, webhookSecretBytes, webhookTestPayload,
  type DeliveryPolicy, type WebhookCommandMeta,
} from '@conveyor/domain/webhooks';
import type { EgressPolicy } from '@conveyor/job-types/egress';
import type { SecretBox } from '@conveyor/job-types/secrets';
import type { LogPosition, WebhookSubscriptionView } from '@conveyor/read-model';
import { injectTraceContext } from '@conveyor/runtime';
import type { OwnWrites } from '../positions/createOwnWrites';
import { parseWebhookRequest } from './parseWebhookRequest';
import type { WebhookStateStore } from './webhookStateStore';

export interface WebhookServiceDeps {
  /** Publishes webhook events on conveyor.admin-events; resolves with their positions once Kafka acknowledged them. */
  publishAdminEvents: (events: WebhookEvent[]) => Promise<LogPosition[]>;
  /** Publishes job events (a test delivery's JobSubmitted); resolves with their positions. */
  publishJobEvents: (events: JobEvent[]) => Promise<LogPosition[]>;
  states: Pick<WebhookStateStore, 'load'>;
  /** The deliveries' egress policy (EGRESS_* settings): a URL it refuses is refused at creation. */
  egress: EgressPolicy;
  /** Seals the signing secret before it is published. */
  secrets: SecretBox;
  /** Read your own writes: a command right after a creation waits until the projection has it. */
  ownWrites?: Pick<OwnWrites, 'remember' | 'awaitProjected'>;
  /** The clock, in epoch milliseconds. */
  now: () => number;
}

/** A subscription as its creation answers it: as listed, and its secret (`whsec_…`), in this answer only. */
export type CreatedWebhook = WebhookSubscriptionView & { secret: string };

/** The log positions of what a command published (for `Conveyor-Position`). */
export interface Published {
  positions: LogPosition[];
}

/** A test event is sent once: it tells whether the receiver answers now, not eventually. */
const testPolicy: DeliveryPolicy = { maxAttempts: 1, timeoutMs: 15_000, backoff: { kind: 'fixed', delayMs: 1000, maxDelayMs: 1000 } };
const projection = 'webhook_subscriptions';

/**
 * The webhook commands (public): subscriptions as facts of the admin log (parse → check the URL →
 * decide → publish), their secret generated here, sealed before it is published and answered once;
 * "send a test event" submits a `webhook.deliver` job of type `webhook.test` to the subscription.
 */
export function createWebhookService(deps: WebhookServiceDeps) {
  const meta = (actor: string): WebhookCommandMeta => {
    const carrier = injectTraceContext({});
    return { eventId: randomUUID(), now: deps.now(), actor, traceparent: carrier.traceparent ?? null, tracestate: carrier.tracestate ?? null };
  };

  const publish = async (subscriptionId: string, events: WebhookEvent[]): Promise<LogPosition[]> => {
    const positions = events.length ? await deps.publishAdminEvents(events) : [];
    deps.ownWrites?.remember(subscriptionId, positions);
    return positions;
  };

  /** The subscription's state once our own last write of it is projected; 404 when unknown or deleted. */
  const loadActive = async (subscriptionId: string) => {
    await deps.ownWrites?.awaitProjected(projection, subscriptionId);
    const state = await deps.states.load(subscriptionId);
    if (!state || state.status === 'deleted') throw new NotFoundError(`webhook subscription ${subscriptionId} does not exist`);
    return state;
  };

  return {
    async create(body: unknown, actor: string): Promise<CreatedWebhook & Published> {
      const request = parseWebhookRequest(body);
      const url = checkWebhookUrl(request.url, deps.egress);
      const secret = formatWebhookSecret(randomBytes(webhookSecretBytes));
      // Sealed as a payload's secret field is (its JSON), so the executor opens it like any other.
      const sealedSecret = deps.secrets.seal(JSON.stringify(secret));
      const subscriptionId = randomUUID();
      const m = meta(actor);
      const positions = await publish(subscriptionId, decideWebhookSubscription({
        type: 'CreateWebhookSubscription', subscriptionId, meta: m,
        data: { url, eventTypes: request.eventTypes, jobTypes: request.jobTypes, sealedSecret, description: request.description ?? null },
      }, null));
      return {
        id: subscriptionId, url, eventTypes: request.eventTypes, jobTypes: request.jobTypes, description: request.description ?? null,
        createdAt: new Date(m.now).toISOString(), createdBy: actor, secret, positions,
      };
    },

    async delete(subscriptionId: string, actor: string): Promise<Published> {
      await deps.ownWrites?.awaitProjected(projection, subscriptionId);
      const state = await deps.states.load(subscriptionId);
      return { positions: await publish(subscriptionId, decideWebhookSubscription({ type: 'DeleteWebhookSubscription', subscriptionId, meta: meta(actor) }, state)) };
    },

    async test(subscriptionId: string, actor: string): Promise<{ jobId: string } & Published> {
      const state = await loadActive(subscriptionId);
      const m = meta(actor);
      const jobId = randomUUID();
      const events = submitDelivery(
        { jobId, subscriptionId, url: state.url, sealedSecret: state.sealedSecret, messageId: `test_${m.eventId}`, event: webhookTestPayload(subscriptionId, m.now) },
        testPolicy, m,
      );
      return { jobId, positions: await deps.publishJobEvents(events) };
    },
  };
}

export type WebhookService = ReturnType<typeof createWebhookService>;
