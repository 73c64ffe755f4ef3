import type { Pool, PoolClient } from 'pg';

/**
 * The read bench's data set, in one visible table: shares out of 100 (types) and 1000 (statuses), the
 * search terms and how many distinct users/partners the payloads name. Deterministic: row `i` is always
 * the same job, so the bench and pgbench pick the same ids (`md5(i)` as a uuid) and terms.
 */
export const readDataSet = {
  types: [['email.send', 40], ['http.request', 25], ['report.generate', 10], ['image.resize', 15], ['noop', 10]] as const,
  statuses: [['succeeded', 850], ['failed', 30], ['dead', 10], ['queued', 30], ['running', 10], ['retrying', 10], ['cancelled', 20], ['scheduled', 40]] as const,
  users: 50_000,
  partners: 200,
  /** Timestamps spread over 30 days ending here (epoch milliseconds, fixed so reruns give the same rows). */
  endsAt: Date.parse('2026-12-01T00:00:00Z'),
  spanMs: 30 * 24 * 3600 * 1000,
  eventsPerJob: 3,
};

/** A job id of the data set (the same expression in SQL: `md5(i::text)::uuid`). */
export const seededJobIdSql = (i: string) => `md5((${i})::text)::uuid`;

const cases = (expr: string, rows: ReadonlyArray<readonly [string, number]>) => {
  let acc = 0;
  return `case ${rows.map(([v, share]) => `when ${expr} < ${(acc += share)} then '${v}'`).join(' ')} end`;
};

/**
 * The INSERT … SELECT generate_series of the jobs (pure): types and statuses by the shares above; payloads
 * as the built-in types take them (a few bytes for noop, ~100 B for email/image/http, ~1.5 KB for reports,
 * every 50th report ~4 KB so it is TOASTed); an error message on failed, dead and retrying jobs; search_text
 * is the generated column, written by Postgres exactly as the projector's inserts get it.
 */
export function seedJobsSql(count: number): string {
  const d = readDataSet;
  const secondsPerJob = d.spanMs / 1000 / count;
  return `
  insert into jobs (job_id, type, status, priority, payload, result, error, attempts, max_attempts, timeout_ms, run_at,
    next_run_at, concurrency_key, backoff, idempotency_key, schedule_id, submitted_at, started_at, finished_at, updated_at,
    duration_ms, queue_wait_ms, trace_id, actor, version)
  select ${seededJobIdSql('i')}, type, status, (array['normal','normal','normal','high','low'])[1 + i % 5], payload,
    case when status = 'succeeded' and type <> 'noop' then jsonb_build_object('ok', true, 'ms', h % 900) end,
    case when status in ('failed', 'dead', 'retrying') then jsonb_build_object(
      'message', (array['connect ETIMEDOUT 10.0.' || (h % 255) || '.' || (i % 255) || ':443', 'HTTP 503 from upstream api.partner' || (h % ${d.partners}) || '.test',
        'template not found: t' || (h % 40), 'job exceeded its timeout of 30000 ms'])[1 + h % 4],
      'code', (array['ETIMEDOUT', 'HTTP_503', 'NOT_FOUND', 'JOB_TIMEOUT'])[1 + h % 4], 'retriable', h % 4 <> 2) end,
    case when status in ('failed', 'dead') then 3 when status in ('queued', 'scheduled') then 0 when status = 'retrying' then 2 else 1 end,
    3, 30000, null, case when status in ('retrying', 'scheduled') then submitted + interval '5 minutes' end,
    case when type = 'email.send' then 'user' || (h % ${d.users}) end, '{"kind":"exponential","initialMs":1000,"maxMs":60000}'::jsonb,
    case when i % 10 = 0 then 'idem-' || i end, null,
    submitted, started, finished, coalesce(finished, started, submitted),
    case when finished is not null then (h % 900) + 5 end, case when started is not null then (h % 40) + 1 end,
    md5(i::text || 't'), case when i % 3 = 0 then 'key:bench' else 'user-' || (h % 20) end, 3
  from (
    select i, h, type, status, submitted,
      case when status not in ('queued', 'scheduled') then submitted + ((h % 40) + 1) * interval '1 millisecond' end as started,
      case when status in ('succeeded', 'failed', 'dead', 'cancelled') then submitted + ((h % 900) + 46) * interval '1 millisecond' end as finished,
      case type
        when 'email.send' then jsonb_build_object('to', 'user' || (h % ${d.users}) || '@example.com', 'template', (array['welcome','reset','invoice','digest'])[1 + i % 4], 'locale', 'en')
        when 'http.request' then jsonb_build_object('method', 'POST', 'url', 'https://api.partner' || (h % ${d.partners}) || '.test/orders/' || i,
          'headers', '{}'::jsonb, 'body', jsonb_build_object('orderId', 'ord-' || i, 'amount', h % 10000))
        when 'report.generate' then jsonb_build_object('reportId', 'rep-' || i, 'range', jsonb_build_array('2026-11-01', '2026-11-30'),
          'notes', repeat('quarterly figures by region and product line; ', case when i % 50 = 0 then 90 else 30 end))
        when 'image.resize' then jsonb_build_object('src', 's3://images/' || i || '.jpg', 'sizes', jsonb_build_array(64, 128, 512))
        else '{}'::jsonb end as payload
    from (
      select i, h,
        ${cases('abs(h) % 100', d.types)} as type,
        ${cases('abs(h >> 8) % 1000', d.statuses)} as status,
        to_timestamp(${(d.endsAt - d.spanMs) / 1000} + i * ${secondsPerJob}) + (abs(h) % 1000000) * interval '1 microsecond' as submitted
      from (select i, abs(hashint4(i)::bigint) as h from generate_series(1, ${count}) as i) g
    ) t
  ) p`;
}

/** Three timeline rows per job (submitted, started, succeeded), as the timeline projection stores them (pure). */
export function seedEventsSql(count: number): string {
  return `
  insert into job_events (event_id, job_id, event_type, occurred_at, attempt, data, topic, partition, "offset", trace_id)
  select md5(i::text || '-' || k)::uuid, ${seededJobIdSql('i')}, (array['JobSubmitted','JobStarted','JobSucceeded'])[k],
    to_timestamp(${(readDataSet.endsAt - readDataSet.spanMs) / 1000} + i * ${readDataSet.spanMs / 1000 / count}) + k * interval '20 milliseconds',
    case when k > 1 then 1 end, jsonb_build_object('workerId', 'w-' || (i % 4), 'k', k), 'conveyor.job-events', i % 6, i * 3 + k, md5(i::text || 't')
  from generate_series(1, ${count}) as i, generate_series(1, ${readDataSet.eventsPerJob}) as k`;
}

/** How many jobs the database holds and whether they are this data set's (the marker row). */
async function seeded(client: PoolClient): Promise<number> {
  const { rows } = await client.query<{ n: string }>(`select count(*) as n from jobs where job_id = ${seededJobIdSql('1')}`);
  if (rows[0]?.n !== '1') return 0;
  const { rows: est } = await client.query<{ n: string }>('select count(*) as n from jobs');
  return Number(est[0]?.n ?? 0);
}

/**
 * Seeds `count` jobs and their timelines into an empty, migrated read model (public), as fast as
 * Postgres allows: the secondary indexes are dropped, the rows written by one INSERT … SELECT
 * generate_series each (no WAL flush wait), the indexes built again from their own definitions, then
 * VACUUM ANALYZE (visibility map and statistics, as a long-lived table has them). Skips work already done.
 * Returns the seconds spent, or 0 when the data set was there.
 */
export async function seedReadModel(pool: Pool, count: number, log: (line: string) => void): Promise<number> {
  const client = await pool.connect();
  const began = Date.now();
  try {
    const have = await seeded(client);
    if (have === count) return 0;
    if (have) throw new Error(`the read bench database holds ${have} jobs, not ${count}: drop it to reseed`);
    await client.query("set synchronous_commit = off; set maintenance_work_mem = '256MB'");
    const { rows: indexes } = await client.query<{ name: string; def: string }>(`
      select indexname as name, indexdef as def from pg_indexes
      where schemaname = current_schema() and tablename in ('jobs', 'job_events') and indexname not like '%pkey'`);
    for (const ix of indexes) await client.query(`drop index ${ix.name}`);
    log(`seeding ${count.toLocaleString('en')} jobs (generate_series)`);
    await client.query(seedJobsSql(count));
    log(`seeding ${(count * readDataSet.eventsPerJob).toLocaleString('en')} timeline events`);
    await client.query(seedEventsSql(count));
    for (const ix of indexes) {
      log(`index ${ix.name}`);
      await client.query(ix.def);
    }
    await client.query('vacuum analyze jobs');
    await client.query('vacuum analyze job_events');
    return (Date.now() - began) / 1000;
  } finally {
    client.release();
  }
}
