import { ConfigError } from '@conveyor/runtime';
import { defaultQueue, isQueueName, queueNamePattern } from '@conveyor/kafka';

/**
 * The queues a worker serves (pure): the ones it names, else every queue its job types belong to
 * (`default` for a type naming none), sorted and unique. A bad queue name is a ConfigError naming it.
 */
export function queuesOf(jobTypes: ReadonlyArray<{ type: string; queue?: string | undefined }>, named?: readonly string[]): string[] {
  const queues = named?.length ? [...named] : jobTypes.map((t) => t.queue ?? defaultQueue);
  const problems = [
    ...(named ?? []).filter((q) => !isQueueName(q)).map((q) => `queues: ${JSON.stringify(q)} is not a queue name (${String(queueNamePattern)})`),
    ...jobTypes.filter((t) => t.queue !== undefined && !isQueueName(t.queue)).map((t) => `jobTypes: ${t.type} names the queue ${JSON.stringify(t.queue)}, not a queue name (${String(queueNamePattern)})`),
  ];
  if (problems.length) throw new ConfigError(problems);
  return [...new Set(queues)].sort();
}
