import type { Kafka } from 'kafkajs';
import { eventTypeHeader } from '@conveyor/events';
import { consumerDefaults } from '@conveyor/kafka';
import type { Logger } from '@conveyor/runtime';

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
  // The runner's resilient settings (capped backoff, restart on any retriable crash, 6 s session): issue 14.
  const consumer = deps.kafka.consumer({ ...consumerDefaults, groupId: deps.groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 1000 });
  await consumer.connect();
  await consumer.subscribe({ topics: [deps.topic], fromBeginning: false });
  // Resolves once the group owns its partitions: cancellations after this point are seen.
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.run({
    eachMessage: async ({ message }) => {
      const type = message.headers?.[eventTypeHeader]?.toString();
      if (type !== 'JobCancelled' || !message.key) return;
      const jobId = message.key.toString();
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
  await joined;
  return {
    /** Whether a JobCancelled for the job arrived in the last minute. */
    wasCancelled: (jobId: string) => recent.has(jobId),
    async stop(): Promise<void> {
      await consumer.disconnect();
      // The group is this process's alone; leave nothing behind.
      const admin = deps.kafka.admin();
      await admin.connect();
      await admin.deleteGroups([deps.groupId]).catch(() => undefined);
      await admin.disconnect();
    },
  };
}
