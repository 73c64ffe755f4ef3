import { randomBytes, randomUUID } from 'node:crypto';
import type { KafkaMessage } from 'kafkajs';
import { jobEventSchemas, jobEventToMessage, type JobEvent } from '@conveyor/events';
import { createEventSerde, topicNames, type EventSerde } from '@conveyor/kafka';
import { createReadModelSchema, dropReadModelSchema, migrate } from '@conveyor/read-model';
import { createLogger, createPgPool, type Pool } from '@conveyor/runtime';
import { stackEndpoints, uniqueTopicPrefix } from '@conveyor/testing';
import { projectionNames } from '../src/projections';
import { jobEvents as e } from '../src/projections/jobEventFixtures';
import { copyProjectInto } from '../src/replay/copyProjectInto';
import { seedOffsets } from '../src/replay/logOffsets';

// The COPY path of a rebuild against Postgres: text escaping round trips, and keys already in the shadow.
const endpoints = stackEndpoints();
const topic = topicNames(uniqueTopicPrefix()).jobEvents;
const schema = `conveyor_copy_${randomBytes(4).toString('hex')}`;
const logger = createLogger({ service: 'copy-rebuild-test', level: 'warn' });
let pool: Pool;
let serde: EventSerde;
let offset = 0;

beforeAll(async () => {
  pool = createPgPool({ url: endpoints.databaseUrl, name: 'copy-rebuild-test', max: 4 });
  await migrate(pool);
  const client = await pool.connect();
  await createReadModelSchema(client, schema).finally(() => client.release());
  await seedOffsets(pool, schema, topic, projectionNames(), new Map([[0, 0n]]));
  serde = createEventSerde({ registryUrl: endpoints.registryUrl, topic, schemas: jobEventSchemas });
  await serde.registerAll();
});

afterAll(async () => {
  const client = await pool.connect();
  await dropReadModelSchema(client, schema).catch(() => undefined);
  client.release();
  await pool.end();
});

/** Kafka messages of partition 0 at the next offsets. */
const messagesOf = async (events: JobEvent[]): Promise<KafkaMessage[]> => Promise.all(events.map(async (ev) => ({
  ...jobEventToMessage(ev, await serde.encode(ev.type, ev.data)), offset: String(offset++), attributes: 0, size: 0,
} as unknown as KafkaMessage)));

describe('the COPY path of a rebuild', () => {
  it('writes payloads with tabs, newlines, backslashes, quotes and nulls as the projector would read them back', async () => {
    const id = randomUUID();
    const payload = { text: 'tab\there\nnewline\r\n', path: 'C:\\new\\table', quote: '"q"', nothing: null, literal: '\\N', list: [1, 'x\ty'] };
    await copyProjectInto({ pool, serde, topic, schema, logger })(0, await messagesOf([e.submitted(id, Date.now(), { type: 'copy.test', payload })]));
    const { rows } = await pool.query(`select payload, status from ${schema}.jobs where job_id = $1`, [id]);
    expect(rows).toEqual([{ payload, status: 'queued' }]);
    const timeline = await pool.query(`select data -> 'payload' as payload from ${schema}.job_events where job_id = $1`, [id]);
    expect(timeline.rows).toEqual([{ payload }]);
  });

  it('a rebuilt job is found by its words: the shadow keeps the search columns (on insert, and on a change of payload or error only)', async () => {
    const id = randomUUID();
    const payload = { order: 'orders/42', note: 'ship-fast' };
    await copyProjectInto({ pool, serde, topic, schema, logger })(0, await messagesOf([e.submitted(id, Date.now(), { type: 'copy.test', payload })]));
    const found = (words: string) => pool.query(`select job_id from ${schema}.jobs where search_vector @@ to_tsquery('simple', $1) and job_id = $2`, [words, id]).then((r) => r.rowCount);
    expect(await found('orders & 42 & ship & fast')).toBe(1);
    expect((await pool.query(`select search_text like '%orders/42%' as has from ${schema}.jobs where job_id = $1`, [id])).rows).toEqual([{ has: true }]);
    await pool.query(`update ${schema}.jobs set status = 'running', payload = payload where job_id = $1`, [id]);
    expect(await found('orders & 42')).toBe(1);
    await pool.query(`update ${schema}.jobs set error = '{"message": "upstream timeout"}' where job_id = $1`, [id]);
    expect(await found('orders & upstream & timeout')).toBe(1);
  });

  it('a batch repeating an event of an earlier batch falls back to the projector statements: counted once, the batch still applied', async () => {
    const id = randomUUID();
    const submitted = e.submitted(id, Date.now(), { type: 'copy.test' });
    const started = e.started(id, Date.now() + 1);
    const apply = copyProjectInto({ pool, serde, topic, schema, logger });
    await apply(0, await messagesOf([submitted, started]));
    const succeeded = e.succeeded(id, Date.now() + 2);
    // The repeated JobStarted first: the batch's first event of this job is not its submission, so its row is loaded.
    await apply(0, await messagesOf([started, succeeded]));
    const events = await pool.query(`select event_type from ${schema}.job_events where job_id = $1 order by occurred_at`, [id]);
    expect(events.rows.map((r) => r.event_type)).toEqual(['JobSubmitted', 'JobStarted', 'JobSucceeded']);
    const job = await pool.query(`select status, attempts from ${schema}.jobs where job_id = $1`, [id]);
    expect(job.rows).toEqual([{ status: 'succeeded', attempts: 1 }]);
    const at = await pool.query(`select distinct next_offset::int n from ${schema}.projection_offsets where topic = $1`, [topic]);
    expect(at.rows).toEqual([{ n: offset }]);
  });
});
