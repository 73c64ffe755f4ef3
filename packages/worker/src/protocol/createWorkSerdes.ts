import type { Admin } from 'kafkajs';
import { createEventSerde, defaultQueue, ensureQueueTopics, queueWorkTopics, type EventSerde } from '@conveyor/kafka';
import { workSchemas, type WorkPriority } from '@conveyor/events';
import { retry } from '@conveyor/runtime';

/** A queue's work topics and their serdes, by priority. */
export interface QueueWork {
  queue: string;
  topics: Record<WorkPriority, string>;
  serdes: Record<WorkPriority, EventSerde>;
}

const priorities: readonly WorkPriority[] = ['high', 'normal', 'low'];

/**
 * The work topics of every queue and their serdes (subjects follow the TopicRecordNameStrategy, so each
 * topic has its own `<topic>-conveyor.work.JobWorkItem` subject). `prepare(queue)` makes a queue usable
 * once per process: its topics created when missing (given an admin) and its subjects registered.
 */
export function createWorkSerdes(options: { registryUrl: string; topicPrefix: string; admin?: Admin }) {
  const queues = new Map<string, QueueWork>();
  const byTopic = new Map<string, EventSerde>();
  const prepared = new Map<string, Promise<QueueWork>>();

  const of = (queue: string): QueueWork => {
    let work = queues.get(queue);
    if (!work) {
      const topics = queueWorkTopics(options.topicPrefix, queue);
      const serdes = Object.fromEntries(priorities.map((p) => [p, createEventSerde({ registryUrl: options.registryUrl, topic: topics[p], schemas: workSchemas })])) as Record<WorkPriority, EventSerde>;
      for (const p of priorities) byTopic.set(topics[p], serdes[p]);
      work = { queue, topics, serdes };
      queues.set(queue, work);
    }
    return work;
  };

  return {
    /** A queue's topics and serdes (not yet prepared); throws on a name that is not a queue's. */
    of,
    /** The default queue's serdes by priority (its topics are the catalog's). */
    get byPriority(): Record<WorkPriority, EventSerde> {
      return of(defaultQueue).serdes;
    },
    /** The serde of a work topic of a queue seen so far; throws for a topic that is not one. */
    forTopic(topic: string): EventSerde {
      const serde = byTopic.get(topic);
      if (!serde) throw new Error(`${topic} is not a work topic`);
      return serde;
    },
    /** Creates the queue's topics when missing and registers its subjects, once per process (a failure is retried next call). */
    prepare(queue: string): Promise<QueueWork> {
      let ready = prepared.get(queue);
      if (!ready) {
        const work = of(queue);
        ready = (async () => {
          const admin = options.admin;
          // Another process (the dispatcher, a second worker) may be creating the same topics: their leaders
          // take a moment to be known, and a create that lost the race is retried against what now exists.
          if (admin && queue !== defaultQueue) {
            await retry(() => ensureQueueTopics(admin, { prefix: options.topicPrefix, queue }), { initialDelayMs: 200, maxDelayMs: 2000, maxAttempts: 8 });
          }
          for (const p of priorities) await work.serdes[p].registerAll();
          return work;
        })();
        ready.catch(() => prepared.delete(queue));
        prepared.set(queue, ready);
      }
      return ready;
    },
    /** Prepares the default queue (its topics come from the catalog, applied at start). */
    async registerAll(): Promise<void> {
      await this.prepare(defaultQueue);
    },
  };
}

export type WorkSerdes = ReturnType<typeof createWorkSerdes>;
