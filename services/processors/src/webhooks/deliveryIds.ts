import { deterministicUuid } from '@conveyor/runtime';

/**
 * The job id of a delivery and the event id of its JobSubmitted (pure, public): derived from the
 * subscription and the delivered event, so a replayed or redelivered job event submits the same job
 * again, which the dispatcher and the projections take as the duplicate it is. Stored in the log: the
 * derivation never changes.
 */
export function deliveryIds(subscriptionId: string, deliveredEventId: string): { jobId: string; eventId: string } {
  return {
    jobId: deterministicUuid(`webhook-delivery:${subscriptionId}:${deliveredEventId}`),
    eventId: deterministicUuid(`webhook-delivery-submitted:${subscriptionId}:${deliveredEventId}`),
  };
}
