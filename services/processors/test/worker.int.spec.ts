import { randomUUID } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { queueEventSchemas } from '@conveyor/events';
import { createEventSerde, createIdempotentProducer, createKafka } from '@conveyor/kafka';
import { createLogger } from '@conveyor/runtime';
import { stackEndpoints, uniqueName, waitFor } from '@conveyor/testing';
import { createSemanticsHarness, type SemanticsHarness } from './jobSemanticsHarness';

/** A user's worker started as a separate process (workerChild.ts), and what it said on stdout. */
interface WorkerChild {
  child: ChildProcess;
  workerId: string;
  /** The job ids whose handler started in this process. */
  ran: string[];
  exited: Promise<NodeJS.Signals | number | null>;
}

/** How long a claim holds without a heartbeat in the children, in milliseconds: short, so a lapse is quick to see. */
const leaseMs = 2000;

describe('@conveyor/worker: user job types in their own process', () => {
  let h: SemanticsHarness;
  const children: WorkerChild[] = [];

  /** Publishes QueuePaused or QueueResumed on the admin log, as the command API does; returns when it was acknowledged. */
  const publishQueueEvent = async (type: 'QueuePaused' | 'QueueResumed', queue: string): Promise<number> => {
    const kafka = createKafka({ brokers: stackEndpoints().kafkaBrokers, clientId: uniqueName('queue-events'), logger: createLogger({ service: 'worker-test', level: 'silent' }) });
    const serde = createEventSerde({ registryUrl: stackEndpoints().registryUrl, topic: h.topics.adminEvents, schemas: queueEventSchemas });
    await serde.registerAll();
    const meta = { eventId: randomUUID(), queue, occurredAt: Date.now(), actor: 'worker-test', traceparent: null, tracestate: null };
    const producer = createIdempotentProducer(kafka);
    await producer.connect();
    await producer.send({ topic: h.topics.adminEvents, acks: -1, messages: [{ key: queue, value: await serde.encode(type, type === 'QueuePaused' ? { meta, reason: 'test' } : { meta }), headers: { 'event-type': type } }] });
    await producer.disconnect();
    return meta.occurredAt;
  };

  const spawnWorker = async (queue: string, mode: 'run' | 'hang' | 'noop', otherQueues: string[] = []): Promise<WorkerChild> => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'workerChild.ts'), queue, mode, ...otherQueues], {
      env: {
        ...process.env, KAFKA_BROKERS: h.config.KAFKA_BROKERS.join(','), SCHEMA_REGISTRY_URL: h.config.SCHEMA_REGISTRY_URL,
        DATABASE_URL: h.config.DATABASE_URL, TOPIC_PREFIX: h.prefix, LOG_LEVEL: 'warn', CLAIM_LEASE_MS: String(leaseMs),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<NodeJS.Signals | number | null>((r) => child.once('exit', (code, signal) => r(signal ?? code)));
    const w: WorkerChild = { child, workerId: '', ran: [], exited };
    children.push(w);
    const ready = new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
        const said = JSON.parse(line) as { ready?: string; ran?: string };
        if (said.ready) resolve(said.ready);
        if (said.ran) w.ran.push(said.ran);
      });
      void exited.then((how) => reject(new Error(`the worker exited before it was ready (${String(how)})`)));
    });
    w.workerId = await ready;
    return w;
  };
  const succeeded = (jobId: string) => h.of(jobId, 'JobSucceeded');
  const startedBy = (jobId: string) => h.of(jobId, 'JobStarted').map((s) => s.data.workerId);

  beforeAll(async () => {
    h = await createSemanticsHarness();
    await h.start();
  });

  afterAll(async () => {
    for (const w of children) {
      if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGTERM');
      await w.exited;
    }
    await h?.close();
  });

  it('runs a custom job type end to end in a worker process: JobStarted by that worker, then JobSucceeded with the handler\'s result', async () => {
    const worker = await spawnWorker('e2e', 'run');
    const job = await h.submit('echo-e2e', { text: 'hello' }, { queue: 'e2e' });
    const [done] = await waitFor(() => succeeded(job.meta.jobId).length > 0 && succeeded(job.meta.jobId), { timeoutMs: 60_000, what: 'JobSucceeded' });
    expect(JSON.parse(done?.data.resultJson as string)).toEqual({ echoed: 'hello', queue: 'e2e' });
    expect(startedBy(job.meta.jobId)).toEqual([worker.workerId]);
    expect(worker.ran).toEqual([job.meta.jobId]);
  });

  it('progress and log lines of a handler arrive in the job\'s timeline, between JobStarted and the outcome', async () => {
    await spawnWorker('progress', 'run');
    const job = await h.submit('echo-progress', { text: 'steps' }, { queue: 'progress' });
    const jobId = job.meta.jobId;
    const timeline = await waitFor(async () => {
      const { rows } = await h.pool.query<{ event_type: string; data: Record<string, unknown> }>(
        'select event_type, data from job_events where job_id = $1 order by "offset"', [jobId]);
      return rows.some((r) => r.event_type === 'JobSucceeded') && rows;
    }, { timeoutMs: 60_000, what: 'the projected timeline' });
    // Two progress reports within the coalescing interval: the first at once, the last one kept and sent before the outcome.
    expect(timeline.map((r) => r.event_type)).toEqual(['JobSubmitted', 'JobStarted', 'JobProgressed', 'JobLogged', 'JobProgressed', 'JobSucceeded']);
    expect(timeline[2]?.data).toMatchObject({ attempt: 1, fraction: 0.5, message: 'halfway' });
    expect(timeline[3]?.data).toMatchObject({ attempt: 1, level: 'warn', message: 'echoing steps', fields: { length: 5 } });
    expect(timeline[4]?.data).toMatchObject({ fraction: 1, message: null });
    // The job row keeps the last report.
    const { rows: [row] } = await h.pool.query<{ progress: number; progress_message: string | null }>('select progress, progress_message from jobs where job_id = $1', [jobId]);
    expect(row).toEqual({ progress: 1, progress_message: null });
  });

  it('two workers on different queues never see each other\'s work, though each knows both job types', async () => {
    const a = await spawnWorker('qa', 'run', ['qb']);
    const b = await spawnWorker('qb', 'run', ['qa']);
    const ofA = await Promise.all(Array.from({ length: 8 }, (_, i) => h.submit('echo-qa', { text: `a${i}` }, { queue: 'qa', priority: i % 2 ? 'high' : 'low' })));
    const ofB = await Promise.all(Array.from({ length: 8 }, (_, i) => h.submit('echo-qb', { text: `b${i}` }, { queue: 'qb', priority: i % 2 ? 'high' : 'normal' })));
    const all = [...ofA, ...ofB].map((j) => j.meta.jobId);
    await waitFor(() => all.every((id) => succeeded(id).length === 1), { timeoutMs: 60_000, what: 'every job succeeded' });
    for (const j of ofA) expect(startedBy(j.meta.jobId)).toEqual([a.workerId]);
    for (const j of ofB) expect(startedBy(j.meta.jobId)).toEqual([b.workerId]);
    expect(new Set(a.ran)).toEqual(new Set(ofA.map((j) => j.meta.jobId)));
    expect(new Set(b.ran)).toEqual(new Set(ofB.map((j) => j.meta.jobId)));
  });

  it('a worker killed (SIGKILL) mid-attempt is taken over by another worker of its queue, and the job succeeds once', async () => {
    const first = await spawnWorker('takeover', 'hang');
    const job = await h.submit('echo-takeover', { text: 'once' }, { queue: 'takeover' });
    const jobId = job.meta.jobId;
    await waitFor(() => first.ran.includes(jobId) && startedBy(jobId).length === 1, { timeoutMs: 60_000, what: 'the first worker running the attempt' });
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');

    const second = await spawnWorker('takeover', 'run');
    await waitFor(() => succeeded(jobId).length > 0, { timeoutMs: 90_000, what: 'JobSucceeded after the takeover' });
    // The same attempt ran again on the second worker (its claim taken over), and finished once.
    expect(second.ran).toEqual([jobId]);
    expect(startedBy(jobId)).toEqual([first.workerId, second.workerId]);
    expect(succeeded(jobId).map((s) => s.data.attempt)).toEqual([1]);
    const outcomes = new Set(['JobSucceeded', 'JobFailed', 'JobRetryScheduled', 'JobDeadLettered', 'JobCancelled']);
    expect(h.of(jobId).filter((s) => outcomes.has(s.type)).map((s) => s.type)).toEqual(['JobSucceeded']);
  });

  it('a paused queue\'s work waits while its worker serves its other queue, and runs once the queue is resumed', async () => {
    await publishQueueEvent('QueuePaused', 'pz');
    const worker = await spawnWorker('pz,po', 'run');
    const held = await h.submit('echo-pz', { text: 'held' }, { queue: 'pz' });
    const other = await h.submit('echo-po', { text: 'other' }, { queue: 'po' });
    // The worker fetches (its other queue's job, submitted after, is done; both queues' consumers start together)
    // but not the paused queue.
    await waitFor(() => succeeded(other.meta.jobId).length === 1, { timeoutMs: 60_000, what: 'the job of the queue not paused' });
    expect(startedBy(held.meta.jobId)).toEqual([]);
    expect(worker.ran).toEqual([other.meta.jobId]);

    const resumedAt = await publishQueueEvent('QueueResumed', 'pz');
    await waitFor(() => succeeded(held.meta.jobId).length === 1, { timeoutMs: 60_000, what: 'the held job after the resume' });
    expect(h.of(held.meta.jobId, 'JobStarted')[0]?.data.meta.occurredAt).toBeGreaterThanOrEqual(resumedAt);
  });

  /** Opt-in measurement: `WORKER_BENCH_JOBS=2000 npx jest --selectProjects int --runTestsByPath services/processors/test/worker.int.spec.ts -t bench`. */
  const benchJobs = Number(process.env.WORKER_BENCH_JOBS ?? 0);
  (benchJobs ? it : it.skip)(`bench: ${benchJobs} no-op jobs through the built-in executor, then through a user's worker process`, async () => {
    const measure = async (label: string, submit: () => Promise<string[]>) => {
      const t0 = Date.now();
      const ids = await submit();
      await waitFor(() => ids.every((id) => succeeded(id).length > 0), { timeoutMs: 600_000, intervalMs: 200, what: `${label}: every job` });
      const ends = ids.map((id) => succeeded(id)[0]?.data.meta.occurredAt as number);
      const e2e = ids.map((id, i) => (ends[i] as number) - (h.of(id, 'JobSubmitted')[0]?.data.meta.occurredAt as number)).sort((a, b) => a - b);
      const pct = (p: number) => e2e[Math.min(e2e.length - 1, Math.floor(p * e2e.length))];
      const seconds = (Math.max(...ends) - t0) / 1000;
      process.stdout.write(`bench ${label}: ${ids.length} jobs in ${seconds.toFixed(1)} s (${(ids.length / seconds).toFixed(0)} jobs/s), end to end p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms\n`);
    };
    await measure('built-in executor (noop, in-process)', () => h.submitMany(benchJobs, 'noop', {}));
    await spawnWorker('bench', 'noop');
    await measure('user worker process (echo-bench, queue bench)', () => h.submitMany(benchJobs, 'echo-bench', { text: '' }, { queue: 'bench' }));
  }, 900_000);
});
