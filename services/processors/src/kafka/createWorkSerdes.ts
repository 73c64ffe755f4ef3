import { createEventSerde, type EventSerde, type TopicNames } from '@conveyor/kafka';
import { workSchemas, type WorkPriority } from '@conveyor/events';

/**
 * One serde per work topic (subjects follow the TopicRecordNameStrategy, so each topic has its own
 * `<topic>-conveyor.work.JobWorkItem` subject), by priority and by topic name.
 */
export function createWorkSerdes(options: { registryUrl: string; topics: TopicNames }) {
  const byPriority = Object.fromEntries(
    (Object.entries(options.topics.work) as Array<[WorkPriority, string]>).map(([priority, topic]) => [
      priority, createEventSerde({ registryUrl: options.registryUrl, topic, schemas: workSchemas }),
    ]),
  ) as Record<WorkPriority, EventSerde>;
  const byTopic = new Map((Object.keys(byPriority) as WorkPriority[]).map((p) => [options.topics.work[p], byPriority[p]]));
  return {
    byPriority,
    /** The serde of a work topic; throws for a topic that is not one. */
    forTopic(topic: string): EventSerde {
      const serde = byTopic.get(topic);
      if (!serde) throw new Error(`${topic} is not a work topic`);
      return serde;
    },
    async registerAll(): Promise<void> {
      for (const serde of Object.values(byPriority)) await serde.registerAll();
    },
  };
}

export type WorkSerdes = ReturnType<typeof createWorkSerdes>;
