import { createKafka, topicNames } from '@conveyor/kafka';
import { ConfigError, createLogger } from '@conveyor/runtime';
import { loadConfig } from '../config';

const roles = ['projector', 'dead-letter-projector', 'schedule-projector'] as const;
type Role = (typeof roles)[number];
const USAGE = `usage: npm run kafka:reset-groups -- <${roles.join('|')}> …
Moves each named processors consumer group (TOPIC_PREFIX + conveyor-<role>) to the earliest offset of every topic
it has offsets on, so it reads its topics again from their start (docs/runbooks/dr-postgres-lost.md). Kafka
refuses while the group has members: stop the processors first. KAFKA_BROKERS, TOPIC_PREFIX.`;

/**
 * `npm run kafka:reset-groups -- <role> …`: the projector groups back to the earliest offsets, for a read model
 * rebuilt from an empty database. Only the projecting roles: resetting the dispatcher or the executor would
 * dispatch and run every job again.
 */
async function main(argv: string[]): Promise<number> {
  const unknown = argv.filter((a) => !(roles as readonly string[]).includes(a));
  if (!argv.length || unknown.length) {
    console.error(`${unknown.length ? `not a projecting role: ${unknown.join(', ')}\n` : ''}${USAGE}`);
    return 2;
  }
  const config = loadConfig();
  const kafka = createKafka({ brokers: config.kafkaBrokers, clientId: 'conveyor-reset-groups', logger: createLogger({ service: 'reset-groups', level: 'warn' }) });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = topicNames(config.topicPrefix);
    const all = [topics.jobEvents, topics.deadLetters, topics.adminEvents];
    for (const role of argv as Role[]) {
      const groupId = `${config.topicPrefix}conveyor-${role}`;
      const committed = await admin.fetchOffsets({ groupId, topics: all });
      const used = committed.filter((t) => t.partitions.some((p) => p.offset !== '-1')).map((t) => t.topic);
      for (const topic of used) await admin.resetOffsets({ groupId, topic, earliest: true });
      console.log(`${groupId}: ${used.length ? `reset to the earliest offsets of ${used.join(', ')}` : 'no committed offsets (it starts from the beginning anyway)'}`);
    }
    return 0;
  } finally {
    await admin.disconnect();
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code), (err: unknown) => {
  console.error(`kafka:reset-groups: ${err instanceof ConfigError || err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
