import type { JobEvent } from '@conveyor/events';
import { webhookDeliverJobType, webhookEventTypeOf } from './webhookEventTypes';

/** A subscription as the delivery planner sees it. */
export interface MatchableSubscription {
  subscriptionId: string;
  url: string;
  eventTypes: readonly string[];
  /** Empty: every job type. */
  jobTypes: readonly string[];
  sealedSecret: string;
}

/** The Standard Webhooks payload: `type`, `timestamp` (ISO 8601) and `data`. */
export interface WebhookPayload {
  type: string;
  timestamp: string;
  data: Record<string, unknown>;
}

/** One delivery to submit: which subscription, the message id (the job event's id), and the payload. */
export interface PlannedDelivery {
  subscription: MatchableSubscription;
  /** The `webhook-id` header: the id of the job event delivered, the same on every attempt. */
  messageId: string;
  payload: WebhookPayload;
}

/** True when the subscription wants this event of a job of `jobType` (pure, public). */
export function subscriptionMatches(subscription: Pick<MatchableSubscription, 'eventTypes' | 'jobTypes'>, eventType: string, jobType: string): boolean {
  if (jobType === webhookDeliverJobType) return false; // a delivery's own events would deliver themselves forever
  return subscription.eventTypes.includes(eventType) && (subscription.jobTypes.length === 0 || subscription.jobTypes.includes(jobType));
}

const parseJson = (text: string | null): unknown => {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
};

/**
 * The payload of a job event (pure, public): its job id and type, and what the event says. Payloads
 * and results of jobs are not sent for JobSubmitted (they may hold sealed secrets): the receiver reads
 * the job from the query API when it needs more.
 */
export function webhookPayloadOf(event: JobEvent, jobType: string): WebhookPayload {
  const base = { jobId: event.data.meta.jobId, jobType, eventId: event.data.meta.eventId, occurredAt: new Date(event.data.meta.occurredAt).toISOString() };
  const details = ((): Record<string, unknown> => {
    switch (event.type) {
      case 'JobSubmitted':
        return { priority: event.data.priority, maxAttempts: event.data.maxAttempts, scheduleId: event.data.scheduleId };
      case 'JobStarted':
        return { attempt: event.data.attempt };
      case 'JobSucceeded':
        return { attempt: event.data.attempt, durationMs: event.data.durationMs, result: parseJson(event.data.resultJson) };
      case 'JobFailed':
        return { attempt: event.data.attempt, durationMs: event.data.durationMs, error: event.data.error };
      case 'JobRetryScheduled':
        return { attempt: event.data.attempt, error: event.data.error, nextRunAt: new Date(event.data.nextRunAt).toISOString() };
      case 'JobDeadLettered':
        return { attempt: event.data.attempt, cause: event.data.cause, error: event.data.error };
      case 'JobCancelled':
        return { reason: event.data.reason };
      case 'JobRequeued':
        return { attempt: event.data.attempt, deadLetterId: event.data.deadLetterId };
      case 'JobProgressed':
        return { attempt: event.data.attempt, fraction: event.data.fraction, message: event.data.message };
      case 'JobLogged':
        return { attempt: event.data.attempt, level: event.data.level, message: event.data.message, fields: event.data.fieldsJson === null ? null : parseJson(event.data.fieldsJson) };
      default: {
        const never: never = event;
        return never;
      }
    }
  })();
  return { type: webhookEventTypeOf[event.type], timestamp: base.occurredAt, data: { ...base, ...details } };
}

/**
 * The deliveries a job event calls for (pure, public): one per active subscription that matches it, in
 * the order of `subscriptions`. `jobType` is the type of the event's job.
 */
export function planDeliveries(event: JobEvent, jobType: string, subscriptions: readonly MatchableSubscription[]): PlannedDelivery[] {
  const eventType = webhookEventTypeOf[event.type];
  const wanted = subscriptions.filter((s) => subscriptionMatches(s, eventType, jobType));
  if (!wanted.length) return [];
  const payload = webhookPayloadOf(event, jobType);
  return wanted.map((subscription) => ({ subscription, messageId: event.data.meta.eventId, payload }));
}

/** The payload of "send a test event" (pure, public). */
export function webhookTestPayload(subscriptionId: string, at: number): WebhookPayload {
  return { type: 'webhook.test', timestamp: new Date(at).toISOString(), data: { subscriptionId, message: 'A test event from Conveyor.' } };
}
