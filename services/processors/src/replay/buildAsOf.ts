import { randomBytes } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import type { EventSerde } from '@conveyor/kafka';
import { createReadModelSchema } from '@conveyor/read-model';
import type { Logger, Pool } from '@conveyor/runtime';
import { projectionNames, projectionRegistry } from '../projections';
import { createLogReader } from './createLogReader';
import { distance, highWatermarks, offsetsAt, seedOffsets, storedOffsets, withDefaults } from './logOffsets';
import type { ProgressMeter } from './progressMeter';
import { projectInto } from './projectInto';
import { asOfSchemaName } from './replayNames';

/** What an as-of build produced (public). */
export interface AsOfReport {
  schema: string;
  asOf: string;
  /** Messages applied by this process (a resumed build counts only its own). */
  applied: number;
  jobs: number;
  events: number;
  elapsedMs: number;
}

/**
 * Builds the job read models as they stood at `asOf` into `conveyor_asof_<yyyymmddhhmmss>` (public):
 * replays each partition from the log start up to the high watermarks captured at start, leaving out
 * every event whose own time (occurredAt) is after `asOf`'s second, and records the snapshot in `replay_snapshots` so the query
 * API serves it (GET /v1/jobs?asOf=). A build interrupted midway resumes from its offsets; a built
 * snapshot is returned as is.
 */
export async function buildAsOf(
  deps: { kafka: Kafka; pool: Pool; serde: EventSerde; logger: Logger; progress: ProgressMeter },
  options: { runId: string; topic: string; asOf: number; source?: string },
): Promise<AsOfReport> {
  const started = Date.now();
  const { pool, topic, asOf } = { ...deps, ...options };
  const schema = asOfSchemaName(asOf);
  const until = Math.floor(asOf / 1000) * 1000 + 999; // the schema names the second: everything within it
  const projections = projectionNames(projectionRegistry.jobEvents);
  const client = await pool.connect();
  try {
    await createReadModelSchema(client, schema, { source: options.source ?? 'public' });
    await client.query(
      `insert into replay_snapshots (schema_name, topic, as_of, run_id) values ($1, $2, $3, $4)
       on conflict (schema_name) do update set run_id = excluded.run_id where replay_snapshots.built_at is null`,
      [schema, topic, new Date(until).toISOString(), options.runId]);
  } finally {
    client.release();
  }
  const count = async () => (await pool.query<{ jobs: string; events: string }>(
    `select (select count(*) from ${schema}.jobs) jobs, (select count(*) from ${schema}.job_events) events`)).rows[0];

  const admin = deps.kafka.admin();
  await admin.connect();
  const high = await highWatermarks(admin, topic);
  let position = await storedOffsets(pool, schema, topic, projections);
  if (!position.size) {
    position = await offsetsAt(admin, topic, 'earliest');
    await seedOffsets(pool, schema, topic, projections, position);
  }
  await admin.disconnect();
  position = withDefaults(position, new Map([...high].map(([p]) => [p, 0n])));
  // To the end of the log, not to the first message stamped after `asOf`: message timestamps are the events'
  // own times, set by many producers, and not monotonic within a partition; the event-time filter decides.
  const end = high;

  let applied = 0;
  const reader = await createLogReader({
    kafka: deps.kafka, topic, groupId: `conveyor-replay-${options.runId}-${randomBytes(3).toString('hex')}`,
    onMessages: projectInto({ pool, serde: deps.serde, topic, schema, logger: deps.logger, until, onApplied: (n) => { applied += n; deps.progress.add(n); } }),
  });
  try {
    deps.progress.setPhase('as-of', distance(position, end));
    await reader.readTo(position, end);
  } finally {
    await reader.stop();
  }
  const totals = await count();
  await pool.query('update replay_snapshots set built_at = now(), events = $2 where schema_name = $1', [schema, Number(totals?.events ?? 0)]);
  deps.progress.setPhase('built');
  return { schema, asOf: new Date(until).toISOString(), applied, jobs: Number(totals?.jobs ?? 0), events: Number(totals?.events ?? 0), elapsedMs: Date.now() - started };
}
