import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { createKafka, topicNames } from '@conveyor/kafka';
import { createLogger, createPgPool } from '@conveyor/runtime';
import { authHeaders, readTopicToEnd, stackEndpoints, uniqueName, waitFor } from '@conveyor/testing';
import { startInProcessPlatform, type InProcessPlatform } from '../src';

/**
 * Issue 11 part 7, the leak test: an http.request job carrying `Authorization: Bearer <secret>` runs
 * against a receiver of this test, which must see the real header (the executor opened the sealed
 * value). Then the secret appears nowhere else: in no answer of either API (job, list, search, timeline,
 * dead letters after a failing variant, a schedule's job template), no SSE event, no log line of the
 * services, no raw record of any of the platform's Kafka topics, and no row of any read-model table
 * holding job data.
 */
describe('a job\'s secret leaks nowhere', () => {
  const secret = `s3cr3t-${randomBytes(12).toString('hex')}`;
  const endpoints = stackEndpoints();
  let logs = '';
  const logger = createLogger({
    service: 'secrets-leak-test', level: 'debug',
    destination: new Writable({ write(chunk: Buffer, _encoding, done) { logs += chunk.toString(); done(); } }),
  });
  let platform: InProcessPlatform;
  let receiver: Server;
  let port: number;
  const received: Array<{ url: string; headers: IncomingHttpHeaders }> = [];
  let stream = '';
  const streamAbort = new AbortController();

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      received.push({ url: req.url ?? '', headers: req.headers });
      // The receiver echoes what it got: even an echoed secret must not reach the job's stored result.
      if (req.url === '/ok') res.writeHead(200, { 'content-type': 'text/plain' }).end(`you sent ${req.headers.authorization ?? 'nothing'}`);
      else res.writeHead(400).end(`refused ${req.headers.authorization ?? ''}`);
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    port = (receiver.address() as AddressInfo).port;
    platform = await startInProcessPlatform({ endpoints, logger });
    // The live stream, read for the whole test.
    const res = await fetch(`${platform.queryApi}/v1/stream`, { signal: streamAbort.signal, headers: authHeaders(platform.apiKey) });
    const reader = res.body!.getReader();
    void (async () => {
      for (;;) {
        const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
        if (done) return;
        stream += Buffer.from(value).toString();
      }
    })();
  });

  afterAll(async () => {
    streamAbort.abort();
    await platform?.stop();
    await new Promise((resolve) => receiver.close(resolve));
  });

  const submit = async (path: string, maxAttempts: number) => {
    const res = await fetch(`${platform.commandApi}/v1/jobs`, {
      method: 'POST', headers: { ...authHeaders(platform.apiKey), 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'http.request', maxAttempts, backoff: { kind: 'fixed', delayMs: 50, maxDelayMs: 50 },
        payload: { method: 'POST', url: `http://127.0.0.1:${port}${path}`, headers: { Authorization: `Bearer ${secret}`, 'x-trace': 'visible' }, body: { order: 42 } },
      }),
    });
    const text = await res.text();
    expect(res.status).toBe(202);
    return JSON.parse(text) as { jobId: string };
  };
  const settled = (jobId: string) => waitFor(async () => {
    const res = await fetch(`${platform.queryApi}/v1/jobs/${jobId}`, { headers: authHeaders(platform.apiKey) });
    if (res.status !== 200) return undefined;
    const job = await res.json() as { status: string };
    return ['succeeded', 'failed', 'dead'].includes(job.status) ? job : undefined;
  }, { timeoutMs: 60_000, what: `job ${jobId} settled` });
  const text = async (url: string) => {
    const res = await fetch(url, { headers: authHeaders(platform.apiKey) });
    expect(res.status).toBe(200);
    return res.text();
  };

  it('the receiver gets the real header; no API answer, SSE event, log line, Kafka record or table row holds the secret', async () => {
    const ok = await submit('/ok', 3);
    const failing = await submit('/refuse', 1);
    await settled(ok.jobId);
    await settled(failing.jobId);
    // The dead letter of the failing job is projected from its own topic.
    await waitFor(async () => {
      const page = JSON.parse(await text(`${platform.queryApi}/v1/dead-letters?limit=100`)) as { items: Array<{ jobId: string }> };
      return page.items.some((l) => l.jobId === failing.jobId) || undefined;
    }, { timeoutMs: 60_000, what: 'the dead letter' });

    // 1. Decryption works: the receiver saw the real header, on both jobs.
    expect(received.filter((r) => r.headers.authorization === `Bearer ${secret}`).map((r) => r.url).sort()).toEqual(['/ok', '/refuse']);

    // 2. Every API answer: the job (payload and timeline), the list, the search, the dead letters.
    const answers = {
      job: await text(`${platform.queryApi}/v1/jobs/${ok.jobId}`),
      failedJob: await text(`${platform.queryApi}/v1/jobs/${failing.jobId}`),
      list: await text(`${platform.queryApi}/v1/jobs?limit=100`),
      search: await text(`${platform.queryApi}/v1/jobs?q=${encodeURIComponent(secret)}`),
      searchToken: await text(`${platform.queryApi}/v1/jobs?q=s3cr3t`),
      searchEnvelope: await text(`${platform.queryApi}/v1/jobs?q=${encodeURIComponent('$secret')}`),
      deadLetters: await text(`${platform.queryApi}/v1/dead-letters?limit=100`),
    };
    for (const [name, body] of Object.entries(answers)) expect({ name, leaked: body.includes(secret) }).toEqual({ name, leaked: false });
    const job = JSON.parse(answers.job) as { status: string; payload: { headers: Record<string, string> }; result: { body: string }; timeline: Array<{ eventType: string; data: { payload?: { headers: Record<string, string> } } }> };
    expect(job.status).toBe('succeeded');
    expect(job.payload.headers).toEqual({ Authorization: '[redacted]', 'x-trace': 'visible' });
    expect(job.result.body).toBe('you sent [redacted]');
    expect(job.timeline.find((e) => e.eventType === 'JobSubmitted')?.data.payload?.headers.Authorization).toBe('[redacted]');
    for (const q of ['search', 'searchToken', 'searchEnvelope'] as const) {
      const ids = (JSON.parse(answers[q]) as { items: Array<{ jobId: string }> }).items.map((j) => j.jobId);
      expect({ q, ids: ids.filter((id) => id === ok.jobId || id === failing.jobId) }).toEqual({ q, ids: [] });
    }
    const letter = (JSON.parse(answers.deadLetters) as { items: Array<{ jobId: string; payload: { headers: Record<string, string> } }> }).items.find((l) => l.jobId === failing.jobId);
    expect(letter?.payload.headers.Authorization).toBe('[redacted]');

    // 3. The live stream carried both jobs' changes, and never the secret.
    await waitFor(() => stream.includes(failing.jobId) || undefined, { timeoutMs: 30_000, what: 'SSE events of the jobs' });
    expect(stream.includes(ok.jobId)).toBe(true);
    expect(stream.includes(secret)).toBe(false);

    // 4. The services' log lines (at debug level: requests, attempts, failures).
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.includes(secret)).toBe(false);
    expect(logs.includes(platform.apiKey)).toBe(false);

    // 5. A schedule whose job template carries the header: sealed on the admin-events topic, redacted when read.
    const created = await fetch(`${platform.commandApi}/v1/schedules`, {
      method: 'POST', headers: { ...authHeaders(platform.apiKey), 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'leak test', cron: '0 3 1 1 *', timeZone: 'UTC', jobTemplate: { type: 'http.request', payload: { url: `http://127.0.0.1:${port}/ok`, headers: { authorization: `Bearer ${secret}` } } } }),
    });
    const createdText = await created.text();
    expect(created.status).toBe(201);
    expect(createdText.includes(secret)).toBe(false);
    const { scheduleId } = JSON.parse(createdText) as { scheduleId: string };
    const scheduleText = await waitFor(async () => {
      const res = await fetch(`${platform.queryApi}/v1/schedules/${scheduleId}`, { headers: authHeaders(platform.apiKey) });
      return res.status === 200 ? res.text() : undefined;
    }, { timeoutMs: 30_000, what: 'the schedule projected' });
    expect(scheduleText.includes(secret)).toBe(false);
    expect((JSON.parse(scheduleText) as { jobTemplate: { payload: { headers: Record<string, string> } } }).jobTemplate.payload.headers.authorization).toBe('[redacted]');

    // 6. The raw bytes of every record of every topic of this platform.
    const names = topicNames(platform.topicPrefix);
    const topics = [names.jobEvents, names.work.high, names.work.normal, names.work.low, names.deadLetters, names.adminEvents];
    const kafka = createKafka({ brokers: endpoints.kafkaBrokers, clientId: uniqueName('leak-test'), logger });
    // Read to the topics' ends, counting transaction markers (the command API's publishes are transactions).
    const read = await readTopicToEnd(kafka, topics, { timeoutMs: 60_000 });
    const records = read.length;
    const leaked = read.filter(({ message }) => Buffer.concat([message.key ?? Buffer.alloc(0), message.value ?? Buffer.alloc(0), ...Object.values(message.headers ?? {}).flatMap((h) => (Buffer.isBuffer(h) ? [h] : []))]).includes(secret)).length;
    const ends = new Set(read.map((r) => `${r.topic}/${r.partition}`));
    expect(records).toBeGreaterThan(0);
    expect([names.deadLetters, names.adminEvents].every((t) => [...ends].some((k) => k.startsWith(`${t}/`)))).toBe(true);
    expect(leaked).toBe(0);

    // 7. Every row of every table with a job id (jobs with its search text, job_events, dead_letters, dispatch…).
    const pool = createPgPool({ url: endpoints.databaseUrl, name: 'leak-test', max: 2 });
    try {
      const { rows: tables } = await pool.query<{ table_name: string }>(
        `select distinct table_name from information_schema.columns c join information_schema.tables t using (table_schema, table_name)
         where c.table_schema = 'public' and c.column_name = 'job_id' and t.table_type = 'BASE TABLE' order by 1`);
      expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(['jobs', 'job_events', 'dead_letters']));
      for (const { table_name: table } of tables) {
        const { rows } = await pool.query<{ total: string; leaked: string }>(
          `select count(*) as total, count(*) filter (where t::text like $2) as leaked from ${table} t where job_id::text = any($1::text[])`,
          [[ok.jobId, failing.jobId], `%${secret}%`]);
        expect({ table, leaked: Number(rows[0]!.leaked) }).toEqual({ table, leaked: 0 });
      }
      const { rows: [jobRow] } = await pool.query<{ sealed: string; search_text: string }>(
        `select payload -> 'headers' -> 'Authorization' ->> '$secret' as sealed, search_text from jobs where job_id = $1`, [ok.jobId]);
      expect(jobRow!.sealed).toMatch(/^v1:run:/);
      expect(jobRow!.search_text).toContain('"Authorization": "[redacted]"');
      const { rows: schedules } = await pool.query('select 1 from schedules where schedule_id::text = $1 and schedules::text like $2', [scheduleId, `%${secret}%`]);
      expect(schedules).toEqual([]);
    } finally {
      await pool.end();
    }
  });
});
