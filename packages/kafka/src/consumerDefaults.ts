import type { ConsumerConfig, RetryOptions } from 'kafkajs';

/**
 * Client-wide retry of every kafkajs request (public through `createKafka`): short backoff capped at
 * 2 s, so that after a broker restart producers and consumers are back within about 2 s. kafkajs restarts
 * a crashed consumer after the last retry's delay, which without the cap grows to 30 s (issue 14).
 * Fifteen retries span about 23 s: long enough to start while the broker is still coming up.
 */
export const clientRetry: RetryOptions = { initialRetryTime: 100, maxRetryTime: 2_000, retries: 15 };

/**
 * Settings of every consumer group member (public, issue 14), one visible table:
 * - `sessionTimeout` 6 s (the broker's minimum by default) and `heartbeatInterval` 1 s: a member killed
 *   with `kill -9` is declared dead, and its partitions reassigned, within about 6 s;
 * - `rebalanceTimeout` 20 s: how long a rebalance waits for live members to rejoin;
 * - `retry`: the consumer's own loop (fetches, batches) retries without a count limit with the same
 *   capped backoff, and restarts after any crash kafkajs deems retriable; a batch that fails (Postgres
 *   or the registry away) is retried from its first offset, never skipped.
 * kafkajs has no static membership (group.instance.id), so a restarted member always rejoins anew.
 */
export const consumerDefaults: Omit<ConsumerConfig, 'groupId'> = {
  sessionTimeout: 6_000,
  heartbeatInterval: 1_000,
  rebalanceTimeout: 20_000,
  retry: { initialRetryTime: 250, maxRetryTime: 2_000, retries: Number.MAX_SAFE_INTEGER, restartOnFailure: async () => true },
};

/**
 * Fetch settings of the groups off the latency path that act on few of the events they are sent (public): the
 * dead-letter projector (JobRequeued among the job events), the webhook planner and delivery history, the
 * executors' cancel watch. With kafkajs's defaults (`minBytes` 1) the broker answers each of their fetches as soon
 * as any event is appended, so every job event woke every group; with these it holds a fetch until 64 KiB are
 * there or 250 ms have passed. What they do happens up to 250 ms later; the broker answers a few fetches a
 * second for each instead of one per append (docs/performance.md, "Fetches held for the groups off the path").
 */
export const sparseFetch: Pick<ConsumerConfig, 'minBytes' | 'maxWaitTimeInMs'> = { minBytes: 64 * 1024, maxWaitTimeInMs: 250 };
