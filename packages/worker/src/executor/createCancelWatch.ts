import type { Kafka } from 'kafkajs';
import type { Logger } from '@conveyor/runtime';
import { watchEventKeys } from './watchEventKeys';

/** How long a seen cancellation is remembered for attempts that start just after it, in milliseconds. */
const rememberMs = 60_000;

/**
 * Watches job-events for JobCancelled with a consumer group of its own (every executor process must
 * see every cancellation), from the latest offset, and aborts the job's running attempt. Reads the
 * event-type header and the key (the job id), so nothing is decoded.
 */
export async function startCancelWatch(deps: { kafka: Kafka; topic: string; groupId: string; logger: Logger; onCancelled: (jobId: string) => void }) {
  const log = deps.logger.child({ component: 'cancel-watch' });
  const recent = new Map<string, number>();
  const watch = await watchEventKeys({
    kafka: deps.kafka, topic: deps.topic, groupId: deps.groupId, eventTypes: ['JobCancelled'], fromBeginning: false, sparse: true, logger: log,
    onEvent: (_type, jobId) => {
      const now = Date.now();
      recent.set(jobId, now);
      for (const [id, at] of recent) {
        if (now - at < rememberMs) break;
        recent.delete(id);
      }
      log.debug({ jobId }, 'job cancelled');
      deps.onCancelled(jobId);
    },
  });
  return {
    /** Whether a JobCancelled for the job arrived in the last minute. */
    wasCancelled: (jobId: string) => recent.has(jobId),
    stop: () => watch.stop(),
  };
}
