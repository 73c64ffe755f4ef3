/**
 * `npm run bench`: Conveyor end to end, the ceiling of plain kafkajs with the same Avro payload, and
 * BullMQ behind an equivalent HTTP endpoint, measured in one run on this machine, printed side by side
 * and written to bench/results/ (markdown + JSON) with the machine's facts; then the read side at 1M jobs
 * (bench/readBench.ts: the query API against pgbench). Each ramp climbs until the system breaks, three
 * times, the systems alternating (the median ramp is judged, every run is reported); the fixed-rate runs
 * are repeated and reported with their spread, with submit → visible in the query API (a sample of the jobs)
 * and each process's RSS and CPU; then batch submit (500 jobs a request). The result opens with the issue's
 * targets, each met or missed (bench/benchTargets.ts).
 *
 * Flags:
 * - `--skip conveyor,ceiling,bullmq,batch,rebuild,read` leaves parts out;
 * - `--read` runs the read side only;
 * - `--read-compare <checkout>` also drives that checkout's query API (before/after);
 * - `--concurrency N`: the BullMQ worker's concurrency (default: the executor's 50);
 * - `--use-running` measures the platform on :3001, started by tools/start.ts if down. Default: an isolated
 *   Conveyor of our own as production runs it: each service its own process from its compiled bundle, with a
 *   fresh topic prefix and consumer groups.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { parseArgs as parseNodeArgs } from 'node:util';
import { createKafka } from '@conveyor/kafka';
import { createLogger, createPgPool } from '@conveyor/runtime';
import { loadConfig as loadStackConfig, stackUp } from '@conveyor/stack';
import { renderBatchSubmit, runBatchSubmit, type BatchSubmitResult } from './bench/batchSubmit';
import { loadGeneratorGroup, postgresBackendsGroup, redisGroup, stackGroups } from './bench/benchProcesses';
import { evaluateTargets, renderTargets, type TargetInputs } from './bench/benchTargets';
import { createBullmqTarget } from './bench/bullmqTarget';
import { startCompiledPlatform, type CompiledPlatform } from './bench/compiledPlatform';
import { medianBy, renderFixedSpread } from './bench/fixedRunSpread';
import { heldRate, medianRamp, renderRampSpread } from './bench/rampSpread';
import { renderRebuildBench, runRebuildBench, type RebuildBenchResult } from '@conveyor/processors/rebuild-bench';
import { renderReadBench, runReadBench, type ReadBenchResult } from './bench/readBench';
import { runKafkaCeiling, type CeilingResult } from './bench/kafkaCeiling';
import { machineFacts } from './bench/machineFacts';
import type { ProcessUsage } from './bench/procStat';
import { startProcessSampler, type SampledGroup } from './bench/processSampler';
import { renderBenchTable, type BenchColumn } from './bench/renderBenchTable';
import { renderResourceTable, usageOverRuns } from './bench/resourceTable';
import { buildJob } from './buildJob';
import { loadConfig } from './config';
import { createConveyorTarget } from './kafka/conveyorTarget';
import type { LoadTarget } from './loadTarget';
import { HARD_CAPS, parseArgs, type LoadTestSettings } from './parseArgs';
import { ensurePlatform, type Platform } from './platform';
import { runCredentials } from './runCredentials';
import { runLoadTest, type LoadTestResults, type Progress } from './runLoadTest';

/** Steps of ×factor from startRate until the load generator's own cap: the ramp ends when a step breaks, not on time. */
const stepsToCap = (startRate: number, factor: number) => Math.ceil(Math.log(HARD_CAPS.maxRate / startRate) / Math.log(factor)) + 1;

/** The bench's plan, in one visible table. */
const PLAN = {
  ceiling: { messages: 100_000, maxMs: 20_000 },
  // Repeated, the systems alternating: on this shared machine one ramp of the same build held 0 jobs/s in one
  // run and 506 in another; the median ramp is the one judged, and the report gives every run.
  ramp: { startRate: 100, factor: 1.5, stepMs: 5000, maxMs: 5000 * stepsToCap(100, 1.5), drainMs: 10_000, maxP99: '500ms', repeats: 3 },
  // Not judged: connections, JIT, producer metadata and consumer fetch sessions warm up first.
  warmup: { rate: 20, durationMs: 5000, drainMs: 15_000 },
  // Repeated (the systems alternating) because this shared machine is noisy: the report gives the spread.
  fixed: { durationMs: 15_000, drainMs: 15_000, shareOfSustainable: 0.6, fallbackRate: 100, repeats: 3 },
  // Submit → visible: about this many jobs a second are probed on the query API (each probe polls it until
  // the job shows settled, 20 ms backing off to 250 ms), so the probes add a few percent to what is measured.
  visibleProbesPerSec: 20,
  // Each process's RSS and CPU time, from /proc, during every fixed-rate run.
  sampleEveryMs: 1000,
  // Closed loop: `concurrency` requests of `size` jobs in flight, until `maxJobs` or `durationMs`; then a bounded drain.
  batch: { size: 500, concurrency: 4, durationMs: 10_000, maxJobs: 60_000, drainMs: 45_000 },
  // The rebuild of 1M job events (topics of its own, deleted after), each phase bounded.
  rebuild: { events: 1_000_000, timeoutSeconds: 900, repeats: 3 },
};

const root = join(__dirname, '..', '..');
const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

function settings(rate: number, durationMs: number, drainMs: number, ramp: boolean): LoadTestSettings {
  // The fixed-rate runs probe every n-th job for submit → visible; the ramp does not (it measures the ceiling).
  const visibleEvery = ramp ? 0 : Math.max(1, Math.round(rate / PLAN.visibleProbesPerSec));
  const s = parseArgs(['--rate', String(rate), '--duration', `${durationMs}ms`, '--drain', `${drainMs}ms`, '--no-record', '--quiet', '--visible-every', String(visibleEvery),
    ...(ramp ? ['--ramp', '--ramp-factor', String(PLAN.ramp.factor), '--ramp-step', `${PLAN.ramp.stepMs}ms`, '--ramp-max-p99', PLAN.ramp.maxP99] : [])]);
  if (!s) throw new Error('unreachable: bench settings');
  return s;
}

/** The load generator's CPU (this process) per measured run, in % of one core, by system. */
const generatorCpu: Record<string, number[]> = {};
/** Each sampled process's usage per fixed-rate run, by system. */
const processUsage: Record<string, ProcessUsage[][]> = {};
/** Each sampled process's usage during a ramp's last held step, by ramp (none: it held no step). */
const rampUsageOf = new Map<LoadTestResults, { rate: number; usage: ProcessUsage[] }>();

async function measure<T extends LoadTarget>(name: string, makeTarget: () => Promise<T>, rate: () => number, phase: 'ramp' | 'fixed', groups: (target: T) => SampledGroup[] = () => []): Promise<LoadTestResults> {
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
    const sampler = startProcessSampler(groups(target), PLAN.sampleEveryMs);
    // On the ramp, the usage of each step (cut when the progress line enters the next one).
    const steps: ProcessUsage[][] = [];
    const onProgress = (p: Progress) => {
      if (phase === 'ramp' && p.elapsedMs >= (steps.length + 1) * PLAN.ramp.stepMs) steps.push(sampler.cut());
    };
    const r = await runLoadTest(s, target, { onProgress }).finally(async () => {
      const usage = await sampler.stop();
      if (phase === 'fixed') (processUsage[name] ??= []).push(usage);
    });
    const lastHeld = r.ramp ? r.ramp.steps.findIndex((step) => !step.decision.sustainable) : -1;
    const heldIndex = lastHeld === -1 ? (r.ramp?.steps.length ?? 0) - 1 : lastHeld - 1;
    const heldUsage = steps[heldIndex];
    if (r.ramp && heldUsage) rampUsageOf.set(r, { rate: r.ramp.steps[heldIndex]?.rate ?? 0, usage: heldUsage });
    const used = process.cpuUsage(cpu);
    if (phase === 'fixed') (generatorCpu[name] ??= []).push(((used.user + used.system) / 1000 / (performance.now() - t0)) * 100);
    const broke = r.ramp?.steps.find((step) => !step.decision.sustainable);
    if (broke && !broke.decision.sustainable) log(`${name} broke at ${broke.rate}/s: ${broke.decision.reasons.join('; ')}`);
    log(`${name} ${phase}: accepted ${r.tally.accepted}, completed ${r.rates.completedPerSec.toFixed(0)}/s, e2e p99 ${r.latency.e2e.p99?.toFixed(1) ?? '–'} ms${r.latency.visible.count ? `, visible p99 ${r.latency.visible.p99?.toFixed(1) ?? '–'} ms (${r.latency.visible.count} probed)` : ''}${r.ramp ? `, sustainable ${r.ramp.sustainableRate ?? 'none'}/s` : ''}`);
    return r;
  } finally {
    await target.close();
  }
}

/** The batch phase against one system: a target of its own, `PLAN.batch`, noop jobs as the load test builds them. */
async function measureBatch(name: string, makeTarget: () => Promise<LoadTarget>): Promise<BatchSubmitResult> {
  const target = await makeTarget();
  try {
    const b = PLAN.batch;
    log(`${name}: batch submit, ${b.size} jobs a request, ${b.concurrency} at a time, up to ${b.maxJobs} jobs or ${b.durationMs / 1000}s (drain ≤ ${b.drainMs / 1000}s)`);
    const jobSettings = settings(PLAN.fixed.fallbackRate, PLAN.fixed.durationMs, PLAN.fixed.drainMs, false);
    const r = await runBatchSubmit({ target, job: (i) => buildJob(jobSettings, i, null).job, batchSize: b.size, concurrency: b.concurrency, durationMs: b.durationMs, maxJobs: b.maxJobs, drainMs: b.drainMs });
    log(`${name} batch: ${r.accepted} accepted (${r.acceptedPerSec.toFixed(0)}/s), ${r.completed} completed (${r.completedPerSec.toFixed(0)}/s), request p99 ${r.requestLatency.p99?.toFixed(1) ?? '–'} ms${r.failedRequests ? `, ${r.failedRequests} requests failed: ${r.failure}` : ''}`);
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
  if (values.read) for (const part of ['conveyor', 'ceiling', 'bullmq', 'batch', 'rebuild']) skip.add(part);
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

  // (b) The ceiling: plain kafkajs, same Avro payload, no HTTP, handler or Postgres.
  let ceiling: CeilingResult | null = null;
  if (!skip.has('ceiling')) {
    log(`kafkajs ceiling: up to ${PLAN.ceiling.messages} messages or ${PLAN.ceiling.maxMs / 1000}s`);
    ceiling = await runKafkaCeiling({ kafka, registryUrl: config.registryUrl, ...PLAN.ceiling });
    log(`kafkajs ceiling: ${ceiling.throughput.toFixed(0)} msg/s end to end, produce ${ceiling.produceRate.toFixed(0)} msg/s`);
  }

  // (a) Conveyor through the running platform (started here if it is not running).
  let platform: (Platform & Partial<Pick<CompiledPlatform, 'groups' | 'pids'>>) | null = null;
  if (!skip.has('conveyor')) {
    platform = values['use-running']
      ? await ensurePlatform({ topicPrefix: config.topicPrefix, ...(config.apiKey ? { apiKey: config.apiKey } : {}), log })
      : await startCompiledPlatform({ config, stateDir: loadStackConfig().stateDir, log });
  }
  // The platform's own admin key when we started it (the isolated one has a random key of its own).
  const apiKey = platform?.apiKey ?? config.apiKey;
  const runConfig = { ...config, topicPrefix: platform?.topicPrefix ?? config.topicPrefix, lagGroups: platform?.groups ?? config.lagGroups, ...(apiKey ? { apiKey } : {}) };
  const conveyorTarget = () => createConveyorTarget({ config: runConfig, logger, commandApi: platform?.commandApi ?? '', queryApi: platform?.queryApi ?? '', maxSockets: 256, timeoutMs: 10_000 });
  // (c) BullMQ on the local Redis behind an equivalent HTTP endpoint, a fresh queue per phase.
  const bullmqTarget = () => createBullmqTarget({ redisUrl: config.redisUrl, queueName: `bench-${randomUUID().slice(0, 8)}`, concurrency, maxSockets: 256, timeoutMs: 10_000 });
  // What is sampled from /proc during the fixed-rate runs: each system's own processes and what it runs on.
  const infra = await stackGroups();
  const redis = skip.has('bullmq') ? null : await redisGroup(config.redisUrl);
  const conveyorGroups = (): SampledGroup[] => [
    ...Object.entries(platform?.pids ?? {}).map(([name, pid]) => ({ name, covers: 'the service process (node, compiled bundle)', pids: () => [pid] })),
    ...infra, postgresBackendsGroup(pool), loadGeneratorGroup,
  ];
  const bullmqGroups = (target: { serverPid: number }): SampledGroup[] => [
    { name: 'bullmq peer', covers: 'the HTTP endpoint, its Queue and the Worker (one node process, run through tsx)', pids: () => [target.serverPid] },
    ...(redis ? [redis] : []), loadGeneratorGroup,
  ];

  const results: Record<string, SystemRuns> = { conveyor: {}, bullmq: {} };
  let commonRate = PLAN.fixed.fallbackRate;
  const batch: Record<string, BatchSubmitResult | null> = { conveyor: null, bullmq: null };
  try {
    for (let i = 0; i < PLAN.ramp.repeats; i++) {
      if (platform) ((results.conveyor ??= {}).ramps ??= []).push(await measure('conveyor', conveyorTarget, () => 0, 'ramp', conveyorGroups));
      if (!skip.has('bullmq')) ((results.bullmq ??= {}).ramps ??= []).push(await measure('bullmq', bullmqTarget, () => 0, 'ramp', bullmqGroups));
    }
    for (const r of Object.values(results)) r.ramp = medianRamp(r.ramps ?? []);
    // The common fixed rate is a share of the slower system's sustainable rate; a system that held no
    // step counts as half the first step, so the fixed run compares both where both can keep up.
    const ramps = [results.conveyor?.ramp, results.bullmq?.ramp].filter((r): r is LoadTestResults => !!r);
    const sustained = ramps.map((r) => r.ramp?.sustainableRate ?? PLAN.ramp.startRate / 2);
    if (sustained.length) commonRate = Math.max(10, Math.floor(Math.min(...sustained) * PLAN.fixed.shareOfSustainable));
    for (let i = 0; i < PLAN.fixed.repeats; i++) {
      if (platform) ((results.conveyor ??= {}).repeats ??= []).push(await measure('conveyor', conveyorTarget, () => commonRate, 'fixed', conveyorGroups));
      if (!skip.has('bullmq')) ((results.bullmq ??= {}).repeats ??= []).push(await measure('bullmq', bullmqTarget, () => commonRate, 'fixed', bullmqGroups));
    }
    // Batch submit last: its backlog (the projector's above all) must not weigh on the runs above.
    if (!skip.has('batch')) {
      if (platform) batch.conveyor = await measureBatch('conveyor', conveyorTarget);
      if (!skip.has('bullmq')) batch.bullmq = await measureBatch('bullmq', bullmqTarget);
    }
    // The side-by-side table shows each system's median run by end-to-end p50; the spread table all of them.
    for (const r of Object.values(results)) r.fixed = medianRun(r.repeats ?? []);
  } finally {
    await platform?.stop();
    await pool.end();
  }

  // The rebuild of 1M events against a COPY ceiling of the same rows (services/processors/bench/rebuildBench.ts).
  let rebuildResult: RebuildBenchResult | null = null;
  if (!skip.has('rebuild')) {
    log(`rebuild: ${PLAN.rebuild.events.toLocaleString('en')} job events generated, rebuilt and COPYed ${PLAN.rebuild.repeats} times alternating, then the INSERT ceiling`);
    rebuildResult = await runRebuildBench({ events: PLAN.rebuild.events, log, timeoutSeconds: PLAN.rebuild.timeoutSeconds, repeats: PLAN.rebuild.repeats });
    log(`rebuild: ${rebuildResult.rebuild.eventsPerSecond.toFixed(0)} events/s, COPY ceiling ${rebuildResult.copyCeiling.eventsPerSecond.toFixed(0)} events/s (medians: ${rebuildResult.ratio.toFixed(2)}×)`);
  }
  const rebuild: TargetInputs['rebuild'] = rebuildResult
    ? { eventsPerSec: rebuildResult.rebuild.eventsPerSecond, ceilingEventsPerSec: rebuildResult.copyCeiling.eventsPerSecond }
    : undefined;

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
  const usage = [
    ...(platform ? [{ system: 'conveyor', runs: processUsage.conveyor ?? [], jobsPerSecond: commonRate }] : []),
    ...(!skip.has('bullmq') ? [{ system: 'bullmq', runs: processUsage.bullmq ?? [], jobsPerSecond: commonRate }] : []),
  ];
  // The usage of the median ramp's last held step (the ramp judged).
  const rampUsage = Object.fromEntries(Object.entries(results).flatMap(([system, r]) => {
    const u = r.ramp && rampUsageOf.get(r.ramp);
    return u ? [[system, u]] : [];
  }));
  const rampUsageTable = renderResourceTable(Object.entries(rampUsage).map(([system, u]) => ({ system: `${system}, ramp at ${u.rate}/s`, runs: [u.usage], jobsPerSecond: u.rate })), "each ramp's last held step");
  const servicePeaks = usageOverRuns(usage.filter((u) => u.system === 'conveyor'))
    .filter((u) => Object.keys(platform?.pids ?? {}).includes(u.name));
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? null;
  // A ramp that ran and held no step counts 0 (null: no ramp).
  const targets = renderTargets(evaluateTargets({
    conveyor: {
      sustainableRate: heldRate(results.conveyor?.ramp), e2eP50: results.conveyor?.fixed?.latency.e2e.p50, e2eP99: results.conveyor?.fixed?.latency.e2e.p99,
      httpP99: results.conveyor?.fixed?.latency.http.p99, visibleP99: results.conveyor?.fixed?.latency.visible.p99,
      batchAcceptedPerSec: batch.conveyor?.acceptedPerSec, batchCompletedPerSec: batch.conveyor?.completedPerSec,
      serviceRssPeakMb: Object.fromEntries(servicePeaks.map((u) => [u.name, u.rssPeakMb])),
    },
    bullmq: { sustainableRate: heldRate(results.bullmq?.ramp), e2eP50: results.bullmq?.fixed?.latency.e2e.p50 },
    ...(rebuild ? { rebuild } : {}),
    ...(read ? {
      read: read.queries.map((q) => ({
        name: q.name, apiPerSec: median(q.api.map((x) => x.perSecond)) ?? Number.NaN,
        pgbenchPerSec: median(q.pgbench.map((x) => x.perSecond)) ?? Number.NaN, apiP99Ms: median(q.api.map((x) => x.p99)) ?? Number.NaN,
      })),
    } : {}),
  }));
  const visible = results.conveyor?.fixed?.latency.visible;
  const visibleLines = visible?.count ? [`Submit → visible in the query API (conveyor, median fixed run; 1 job in ${Math.max(1, Math.round(commonRate / PLAN.visibleProbesPerSec))} probed, ${visible.count} jobs): p50 ${visible.p50?.toFixed(1)} ms, p99 ${visible.p99?.toFixed(1)} ms; BullMQ has no read model: –.`, ''] : [];
  const rampSpread = renderRampSpread([
    ...(platform ? [{ name: 'conveyor', runs: results.conveyor?.ramps ?? [] }] : []),
    ...(!skip.has('bullmq') ? [{ name: 'bullmq', runs: results.bullmq?.ramps ?? [] }] : []),
  ]);
  const spread = renderFixedSpread([
    ...(platform ? [{ name: 'conveyor', results: results.conveyor?.repeats ?? [], cpu: generatorCpu.conveyor ?? [] }] : []),
    ...(!skip.has('bullmq') ? [{ name: 'bullmq', results: results.bullmq?.repeats ?? [], cpu: generatorCpu.bullmq ?? [] }] : []),
  ]);
  const text = [
    targets,
    ...(platform || !skip.has('bullmq') ? [md, ...visibleLines, rampSpread, spread, renderResourceTable(usage), rampUsageTable, renderBatchSubmit([{ name: 'conveyor', result: batch.conveyor ?? null }, { name: 'bullmq', result: batch.bullmq ?? null }]), ...stageLines] : [`## Bench ${facts.date}`, '']),
    ...(rebuildResult ? [renderRebuildBench(rebuildResult)] : []),
    ...(read ? [renderReadBench(read)] : []), `Total bench time ${((Date.now() - began) / 1000).toFixed(0)} s.`, '',
  ].join('\n');
  const dir = join(root, 'bench', 'results');
  await mkdir(dir, { recursive: true });
  const base = join(dir, `bench-${facts.date.replace(/[:.]/g, '-')}`);
  await writeFile(`${base}.md`, text);
  await writeFile(`${base}.json`, `${JSON.stringify({ facts, plan: PLAN, commonRate, columns, ceiling, results: strip(results), generatorCpu, processUsage, rampUsage, batch, rebuild: rebuildResult, read }, null, 2)}\n`);
  console.log(text);
  console.log(`written: ${base}.md, ${base}.json`);
  return 0;
}

/** One system's runs: its ramps and their median, its fixed-rate repeats and their median. */
interface SystemRuns {
  ramp?: LoadTestResults;
  ramps?: LoadTestResults[];
  fixed?: LoadTestResults;
  repeats?: LoadTestResults[];
}

/** The run of median end-to-end p50 among repeats (undefined: none); a run without one sorts last. */
function medianRun(runs: LoadTestResults[]): LoadTestResults | undefined {
  return medianBy(runs, (r) => r.latency.e2e.p50 ?? Infinity);
}

/** Drops the time series and encoded histograms from the bench JSON (the loadtest reports keep them). */
function strip(results: Record<string, SystemRuns>) {
  const one = (r?: LoadTestResults) => r && { ...r, timeline: undefined, lag: undefined, distributions: undefined };
  return Object.fromEntries(Object.entries(results).map(([k, v]) => [k, { ramp: one(v.ramp), ramps: v.ramps?.map(one), fixed: one(v.fixed), repeats: v.repeats?.map(one) }]));
}

main().then((code) => process.exit(code), (err: unknown) => {
  console.error(`bench: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
