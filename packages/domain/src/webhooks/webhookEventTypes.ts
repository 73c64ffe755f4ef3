import type { JobEvent } from '@conveyor/events';

/** The webhook event type of each job event (Standard Webhooks `type`: dotted, lower case). */
export const webhookEventTypeOf = {
  JobSubmitted: 'job.submitted',
  JobStarted: 'job.started',
  JobSucceeded: 'job.succeeded',
  JobFailed: 'job.failed',
  JobRetryScheduled: 'job.retry_scheduled',
  JobDeadLettered: 'job.dead_lettered',
  JobCancelled: 'job.cancelled',
  JobRequeued: 'job.requeued',
  JobProgressed: 'job.progressed',
  JobLogged: 'job.logged',
} as const satisfies Record<JobEvent['type'], string>;

/** Every event type a subscription may name (public). */
export const webhookEventTypes = Object.values(webhookEventTypeOf);

export type WebhookEventType = (typeof webhookEventTypes)[number];

/** The event type of "send a test event": never from the log, only from the test command. */
export const webhookTestEventType = 'webhook.test';

/** The job type of a delivery. Its own events are never delivered: a delivery would deliver itself forever. */
export const webhookDeliverJobType = 'webhook.deliver';
