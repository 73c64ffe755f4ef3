import type { Kafka } from 'kafkajs';
import { eventTypeHeader } from '@conveyor/events';
import { consumerDefaults, type EventSerde } from '@conveyor/kafka';
import type { JobRecord } from './assessFault';

// JobDeadLettered follows a JobFailed (its own event id): the JobFailed alone is the outcome.
const terminalTypes = new Set(['JobSucceeded', 'JobFailed', 'JobCancelled']);
const watchedTypes = new Set(['JobSubmitted', 'JobStarted', ...terminalTypes]);

interface EventData {
  meta: { eventId: string; jobId: string; occurredAt: number | Date };
  attempt?: number;
}

/**
 * Follows the job-events topic from its beginning (a fresh stack) and keeps, per job, the distinct event
 * ids of its JobStarted per attempt and of its terminal events (internal to the chaos run). Events are
 * deduplicated by event id, so a redelivery after a broker or consumer restart counts once; two different
 * ids for one attempt are an attempt that ran twice. The consumer has the platform's resilient settings,
 * so it rides out the broker faults it watches.
 */
export async function watchJobs(options: { kafka: Kafka; serde: Pick<EventSerde, 'decode'>; topic: string; groupId: string }) {
  const jobs = new Map<string, JobRecord>();
  const recordOf = (jobId: string): JobRecord => {
    let r = jobs.get(jobId);
    if (!r) jobs.set(jobId, (r = { startedByAttempt: new Map(), terminal: new Set(), settledAt: null, submittedAt: null }));
    return r;
  };
  const consumer = options.kafka.consumer({ ...consumerDefaults, groupId: options.groupId, maxWaitTimeInMs: 100, allowAutoTopicCreation: false });
  await consumer.connect();
  await consumer.subscribe({ topics: [options.topic], fromBeginning: true });
  await consumer.run({
    partitionsConsumedConcurrently: 6,
    eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
      const observedAt = Date.now();
      for (const m of batch.messages) {
        const type = m.headers?.[eventTypeHeader]?.toString();
        if (type && watchedTypes.has(type)) {
          const { data } = await options.serde.decode<EventData>(m.value);
          const job = recordOf(data.meta.jobId);
          if (type === 'JobSubmitted') job.submittedAt = Number(data.meta.occurredAt instanceof Date ? data.meta.occurredAt.getTime() : data.meta.occurredAt);
          else if (type === 'JobStarted') {
            const attempt = data.attempt ?? 0;
            const ids = job.startedByAttempt.get(attempt) ?? new Set<string>();
            ids.add(data.meta.eventId);
            job.startedByAttempt.set(attempt, ids);
          } else {
            job.terminal.add(data.meta.eventId);
            job.settledAt ??= observedAt;
          }
        }
        resolveOffset(m.offset);
      }
      await heartbeat();
    },
  });
  return {
    jobs,
    /** Jobs accepted that have not settled yet, of the given ids. */
    openOf: (ids: Iterable<string>) => [...ids].filter((id) => (jobs.get(id)?.settledAt ?? null) === null).length,
    stop: () => consumer.disconnect(),
  };
}
