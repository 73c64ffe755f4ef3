/**
 * `npm run bench`: Conveyor end to end, the ceiling of plain kafkajs with the same Avro payload, and
 * BullMQ behind an equivalent HTTP endpoint, measured in one run on this machine, printed side by side
 * and written to bench/results/ (markdown + JSON) with the machine's facts; then the read side at 1M jobs
 * (bench/readBench.ts: the query API against pgbench). Each ramp climbs until the system breaks; the
 * fixed-rate runs are repeated and reported with their spread.
 *
 * Flags: --skip conveyor,ceiling,bullmq,read · --read (the read side only) · --read-compare <checkout> (also drive that checkout's query API: before/after) · --concurrency N (BullMQ worker; default = executor's 50) ·
 * --use-running (measure the platform on :3001, started by tools/start.ts if down; default: an isolated
 * Conveyor of our own, in a child process with a fresh topic prefix and consumer groups).
 */
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { parseArgs as parseNodeArgs } from 'node:util';
import { createKafka } from '@conveyor/kafka';
import { createLogger, createPgPool } from '@conveyor/runtime';
import { loadConfig as loadStackConfig, stackUp } from '@conveyor/stack';
import { createBullmqTarget } from './bench/bullmqTarget';
import { renderFixedSpread } from './bench/fixedRunSpread';
import { renderReadBench, runReadBench, type ReadBenchResult } from './bench/readBench';
import { runKafkaCeiling, type CeilingResult } from './bench/kafkaCeiling';
import { machineFacts } from './bench/machineFacts';
import { renderBenchTable, type BenchColumn } from './bench/renderBenchTable';
import { loadConfig } from './config';
import { createConveyorTarget } from './kafka/conveyorTarget';
import type { LoadTarget } from './loadTarget';
import { HARD_CAPS, parseArgs, type LoadTestSettings } from './parseArgs';
import { ensurePlatform, startIsolatedPlatform, type Platform } from './platform';
import { runCredentials } from './runCredentials';
import { runLoadTest, type LoadTestResults } from './runLoadTest';

/** Steps of ×factor from startRate until the load generator's own cap: the ramp ends when a step breaks, not on time. */
const stepsToCap = (startRate: number, factor: number) => Math.ceil(Math.log(HARD_CAPS.maxRate / startRate) / Math.log(factor)) + 1;

/** The bench's plan, in one visible table. */
const PLAN = {
  ceiling: { messages: 100_000, maxMs: 20_000 },
  ramp: { startRate: 100, factor: 1.5, stepMs: 5000, maxMs: 5000 * stepsToCap(100, 1.5), drainMs: 10_000, maxP99: '500ms' },
  // Not judged: connections, JIT, producer metadata and consumer fetch sessions warm up first.
  warmup: { rate: 20, durationMs: 5000, drainMs: 15_000 },
  // Repeated (the systems alternating) because this shared machine is noisy: the report gives the spread.
  fixed: { durationMs: 15_000, drainMs: 15_000, shareOfSustainable: 0.6, fallbackRate: 100, repeats: 3 },
};

const root = join(__dirname, '..', '..');
const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

function settings(rate: number, durationMs: number, drainMs: number, ramp: boolean): LoadTestSettings {
  const s = parseArgs(['--rate', String(rate), '--duration', `${durationMs}ms`, '--drain', `${drainMs}ms`, '--no-record', '--quiet', '--visible-every', '0',
    ...(ramp ? ['--ramp', '--ramp-factor', String(PLAN.ramp.factor), '--ramp-step', `${PLAN.ramp.stepMs}ms`, '--ramp-max-p99', PLAN.ramp.maxP99] : [])]);
  if (!s) throw new Error('unreachable: bench settings');
  return s;
}

/** The load generator's CPU (this process) per measured run, in % of one core, by system. */
const generatorCpu: Record<string, number[]> = {};

async function measure(name: string, makeTarget: () => Promise<LoadTarget>, rate: () => number, phase: 'ramp' | 'fixed'): Promise<LoadTestResults> {
  const target = await makeTarget();
  try {
    const s = phase === 'ramp'
      ? settings(PLAN.ramp.startRate, PLAN.ramp.maxMs, PLAN.ramp.drainMs, true)
      : settings(rate(), PLAN.fixed.durationMs, PLAN.fixed.drainMs, false);
    if (phase === 'ramp') {
      const w = await runLoadTest(settings(PLAN.warmup.rate, PLAN.warmup.durationMs, PLAN.warmup.drainMs, false), target);
      log(`${name} warm-up: ${w.tally.accepted} accepted, e2e p99 ${w.latency.e2e.p99?.toFixed(1) ?? '–'} ms (not counted)`);
    }
    log(`${name}: ${phase === 'ramp' ? `ramp from ${PLAN.ramp.startRate}/s ×${PLAN.ramp.factor} every ${PLAN.ramp.stepMs / 1000}s` : `fixed ${s.rate}/s for ${PLAN.fixed.durationMs / 1000}s`}`);
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    const r = await runLoadTest(s, target);
    const used = process.cpuUsage(cpu);
    if (phase === 'fixed') (generatorCpu[name] ??= []).push(((used.user + used.system) / 1000 / (performance.now() - t0)) * 100);
    const broke = r.ramp?.steps.find((step) => !step.decision.sustainable);
    if (broke && !broke.decision.sustainable) log(`${name} broke at ${broke.rate}/s: ${broke.decision.reasons.join('; ')}`);
    log(`${name} ${phase}: accepted ${r.tally.accepted}, completed ${r.rates.completedPerSec.toFixed(0)}/s, e2e p99 ${r.latency.e2e.p99?.toFixed(1) ?? '–'} ms${r.ramp ? `, sustainable ${r.ramp.sustainableRate ?? 'none'}/s` : ''}`);
    return r;
  } finally {
    await target.close();
  }
}

/** Whether a TCP connection to the host and port of `url` opens within 2 s. */
function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || 6379), timeout: 2000 });
    const done = (ok: boolean) => { socket.destroy(); resolve(ok); };
    socket.once('connect', () => done(true)).once('error', () => done(false)).once('timeout', () => done(false));
  });
}

async function main(): Promise<number> {
  const { values } = parseNodeArgs({ args: process.argv.slice(2), options: { skip: { type: 'string' }, concurrency: { type: 'string' }, 'use-running': { type: 'boolean' }, read: { type: 'boolean' }, 'read-compare': { type: 'string' } } });
  const skip = new Set((values.skip ?? '').split(',').filter(Boolean));
  if (values.read) for (const part of ['conveyor', 'ceiling', 'bullmq']) skip.add(part);
  const concurrency = Number(values.concurrency ?? 50);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 1000) throw new Error('--concurrency must be an integer from 1 to 1000');
  const config = loadConfig();
  // What the bench needs, brought up or named in one line: without Kafka, kafkajs prints pages of
  // connection errors (issue 17, item 11).
  if (!skip.has('conveyor') || !skip.has('ceiling')) await stackUp({ log: (line) => log(line) });
  if (!skip.has('bullmq') && !(await reachable(config.redisUrl))) {
    throw new Error(`Redis is not answering at ${config.redisUrl} (BullMQ's side of the bench): start it (redis-server --daemonize yes), set REDIS_URL, or pass --skip bullmq`);
  }
  const logger = createLogger({ service: 'bench', level: 'error' });
  const kafka = createKafka({ brokers: config.kafkaBrokers, clientId: 'conveyor-bench', logger });
  const pool = createPgPool({ url: config.databaseUrl, name: 'conveyor-bench', max: 1 });
  const began = Date.now();
  const facts = await machineFacts({
    pool, redisUrl: config.redisUrl,
    kafkaVersion: async () => loadStackConfig().kafkaVersion,
  });
  await pool.end();

  // (b) The ceiling: plain kafkajs, same Avro payload, no HTTP, handler or Postgres.
  let ceiling: CeilingResult | null = null;
  if (!skip.has('ceiling')) {
    log(`kafkajs ceiling: up to ${PLAN.ceiling.messages} messages or ${PLAN.ceiling.maxMs / 1000}s`);
    ceiling = await runKafkaCeiling({ kafka, registryUrl: config.registryUrl, ...PLAN.ceiling });
    log(`kafkajs ceiling: ${ceiling.throughput.toFixed(0)} msg/s end to end, produce ${ceiling.produceRate.toFixed(0)} msg/s`);
  }

  // (a) Conveyor through the running platform (started here if it is not running).
  let platform: (Platform & { groups?: string[] }) | null = null;
  if (!skip.has('conveyor')) platform = values['use-running'] ? await ensurePlatform({ topicPrefix: config.topicPrefix, ...(config.apiKey ? { apiKey: config.apiKey } : {}), log }) : await startIsolatedPlatform(log);
  // The platform's own admin key when we started it (the isolated one has a random key of its own).
  const apiKey = platform?.apiKey ?? config.apiKey;
  const runConfig = { ...config, topicPrefix: platform?.topicPrefix ?? config.topicPrefix, lagGroups: platform?.groups ?? config.lagGroups, ...(apiKey ? { apiKey } : {}) };
  const conveyorTarget = () => createConveyorTarget({ config: runConfig, logger, commandApi: platform?.commandApi ?? '', maxSockets: 256, timeoutMs: 10_000 });
  // (c) BullMQ on the local Redis behind an equivalent HTTP endpoint, a fresh queue per phase.
  const bullmqTarget = () => createBullmqTarget({ redisUrl: config.redisUrl, queueName: `bench-${randomUUID().slice(0, 8)}`, concurrency, maxSockets: 256, timeoutMs: 10_000 });

  const results: Record<string, { ramp?: LoadTestResults; fixed?: LoadTestResults; repeats?: LoadTestResults[] }> = { conveyor: {}, bullmq: {} };
  let commonRate = PLAN.fixed.fallbackRate;
  try {
    if (platform) results.conveyor = { ramp: await measure('conveyor', conveyorTarget, () => 0, 'ramp') };
    if (!skip.has('bullmq')) results.bullmq = { ramp: await measure('bullmq', bullmqTarget, () => 0, 'ramp') };
    // The common fixed rate is a share of the slower system's sustainable rate; a system that held no
    // step counts as half the first step, so the fixed run compares both where both can keep up.
    const ramps = [results.conveyor?.ramp, results.bullmq?.ramp].filter((r): r is LoadTestResults => !!r);
    const sustained = ramps.map((r) => r.ramp?.sustainableRate ?? PLAN.ramp.startRate / 2);
    if (sustained.length) commonRate = Math.max(10, Math.floor(Math.min(...sustained) * PLAN.fixed.shareOfSustainable));
    for (let i = 0; i < PLAN.fixed.repeats; i++) {
      if (platform) ((results.conveyor ??= {}).repeats ??= []).push(await measure('conveyor', conveyorTarget, () => commonRate, 'fixed'));
      if (!skip.has('bullmq')) ((results.bullmq ??= {}).repeats ??= []).push(await measure('bullmq', bullmqTarget, () => commonRate, 'fixed'));
    }
    // The side-by-side table shows each system's median run by end-to-end p50; the spread table all of them.
    for (const r of Object.values(results)) r.fixed = medianRun(r.repeats ?? []);
  } finally {
    await platform?.stop();
  }

  let read: ReadBenchResult | null = null;
  if (!skip.has('read')) {
    // The query API authenticates every read (issue 11): its child process gets a bootstrap key of this run only,
    // and no read quota (the bench's reads are one principal's; the bench measures the API, not its limit).
    const { apiKey: key, env } = runCredentials('bench');
    read = await runReadBench({
      databaseUrl: config.databaseUrl, log, compareWith: values['read-compare'],
      env, headers: { authorization: `Bearer ${key}` },
    });
  }

  // Side by side.
  const column = (name: string, r: { ramp?: LoadTestResults; fixed?: LoadTestResults } | undefined, note: string): BenchColumn => ({
    name, sustainableRate: r?.ramp?.ramp?.sustainableRate ?? null, completedPerSec: r?.fixed?.rates.completedPerSec ?? null,
    httpLatency: r?.fixed?.latency.http ?? null, e2eLatency: r?.fixed?.latency.e2e ?? null, note,
  });
  const columns: BenchColumn[] = [
    column('conveyor', results.conveyor, 'noop jobs: POST /v1/jobs (202 after acks=all) → dispatcher → executor → JobSucceeded, followed on conveyor.job-events; projector writing Postgres throughout.'),
    {
      name: 'kafkajs ceiling', sustainableRate: null, completedPerSec: ceiling?.throughput ?? null, httpLatency: null, e2eLatency: ceiling?.latency ?? null,
      note: ceiling ? `closed loop at saturation: ${ceiling.produced} Avro JobSubmitted produced (batching idempotent producer, acks=all) and decoded by one consumer in ${ceiling.seconds.toFixed(1)} s; its latencies are queueing at saturation, not comparable with the fixed-rate columns.` : 'skipped',
    },
    column('bullmq', results.bullmq, `noop jobs: Koa POST /v1/jobs → queue.add → 202; a Worker of concurrency ${concurrency} runs them; completions followed through QueueEvents.`),
  ];
  const md = renderBenchTable(columns, facts, commonRate);
  const stages = results.conveyor?.fixed?.latency.stages;
  const stageLines = stages ? ['### Where Conveyor spends the time (fixed-rate run, ms)', '', '| stage | p50 | p99 |', '|---|---:|---:|',
    ...Object.entries({ 'intended send → JobSubmitted (HTTP, validation, Kafka acks=all)': stages.accept, 'JobSubmitted → JobStarted (dispatcher, work topic, executor claim)': stages.queue, 'JobStarted → JobSucceeded (handler, publish)': stages.run, 'JobSucceeded → observed by the harness': stages.observe })
      .map(([k, s]) => `| ${k} | ${s.p50?.toFixed(1) ?? '–'} | ${s.p99?.toFixed(1) ?? '–'} |`), ''] : [];
  const spread = renderFixedSpread([
    ...(platform ? [{ name: 'conveyor', results: results.conveyor?.repeats ?? [], cpu: generatorCpu.conveyor ?? [] }] : []),
    ...(!skip.has('bullmq') ? [{ name: 'bullmq', results: results.bullmq?.repeats ?? [], cpu: generatorCpu.bullmq ?? [] }] : []),
  ]);
  const text = [...(platform || !skip.has('bullmq') ? [md, spread, ...stageLines] : [`## Bench ${facts.date}`, '']), ...(read ? [renderReadBench(read)] : []), `Total bench time ${((Date.now() - began) / 1000).toFixed(0)} s.`, ''].join('\n');
  const dir = join(root, 'bench', 'results');
  await mkdir(dir, { recursive: true });
  const base = join(dir, `bench-${facts.date.replace(/[:.]/g, '-')}`);
  await writeFile(`${base}.md`, text);
  await writeFile(`${base}.json`, `${JSON.stringify({ facts, plan: PLAN, commonRate, columns, ceiling, results: strip(results), generatorCpu, read }, null, 2)}\n`);
  console.log(text);
  console.log(`written: ${base}.md, ${base}.json`);
  return 0;
}

/** The run of median end-to-end p50 among repeats (undefined: none). */
function medianRun(runs: LoadTestResults[]): LoadTestResults | undefined {
  return [...runs].sort((a, b) => (a.latency.e2e.p50 ?? Infinity) - (b.latency.e2e.p50 ?? Infinity))[Math.floor((runs.length - 1) / 2)];
}

/** Drops the time series and encoded histograms from the bench JSON (the loadtest reports keep them). */
function strip(results: Record<string, { ramp?: LoadTestResults; fixed?: LoadTestResults; repeats?: LoadTestResults[] }>) {
  const one = (r?: LoadTestResults) => r && { ...r, timeline: undefined, lag: undefined, distributions: undefined };
  return Object.fromEntries(Object.entries(results).map(([k, v]) => [k, { ramp: one(v.ramp), fixed: one(v.fixed), repeats: v.repeats?.map(one) }]));
}

main().then((code) => process.exit(code), (err: unknown) => {
  console.error(`bench: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
