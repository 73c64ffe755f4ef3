import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jobEventSchemas } from '@conveyor/events';
import { createEventSerde, createKafka, topicNames } from '@conveyor/kafka';
import { createLogger } from '@conveyor/runtime';
import { createArrivalSchedule } from '../arrivalSchedule';
import { createCommandClient, type SubmitResult } from '../http/commandClient';
import { isReady } from '../platform';
import { runCredentials } from '../runCredentials';
import { runOpenModel } from '../openModelGenerator';
import { assessFault, type FaultAssessment, type RequestRecord } from './assessFault';
import { createChaosStack } from './chaosStack';
import { faults, type FaultTargets } from './faults';
import { createServiceProcess, type ServiceProcess } from './serviceProcess';
import { watchJobs } from './watchJobs';

/** Settings of a chaos run (see cli.ts). */
export interface ChaosSettings {
  faults: string[];
  ratePerSec: number;
  /** Load before the fault, and after the heal, in milliseconds. */
  warmupMs: number;
  tailMs: number;
  /** A request not answered by then is hung, in milliseconds. */
  hangBoundMs: number;
  /** Ports: Kafka, its controller and the registry, then the services from `servicePortBase`. */
  kafkaPort: number;
  registryPort: number;
  servicePortBase: number;
  database: string;
  log: (line: string) => void;
}

const topicPrefix = 'chaos.';

/**
 * Runs the chaos suite (internal): its own stack and database, two processors, two command APIs behind a
 * readiness-aware round robin (as a load balancer would), one query API; then, per fault, a load segment
 * of steady noop jobs during which the fault is injected and healed; then the per-fault assessment.
 * Everything it started is stopped, and its state directory and databases removed, whatever happens.
 */
export async function runChaos(settings: ChaosSettings, signal: AbortSignal): Promise<FaultAssessment[]> {
  const { log } = settings;
  const stateDir = mkdtempSync(join(tmpdir(), 'conveyor-chaos-'));
  const logDir = join(stateDir, 'service-logs');
  mkdirSync(logDir, { recursive: true });
  const stack = createChaosStack({
    kafkaPort: settings.kafkaPort, kafkaControllerPort: settings.kafkaPort + 1, registryPort: settings.registryPort,
    database: settings.database, stateDir,
  });
  // One admin key, one secrets key ring for every service of the run; rate limits off (the load is one principal).
  const credentials = runCredentials('chaos');
  const common = {
    ...credentials.env,
    KAFKA_BROKERS: stack.kafkaBrokers, SCHEMA_REGISTRY_URL: stack.registryUrl, DATABASE_URL: stack.databaseUrl,
    TOPIC_PREFIX: topicPrefix, LOG_LEVEL: 'warn', SHUTDOWN_TIMEOUT_MS: '15000',
  };
  // Services listen from servicePortBase (processors a, b, command APIs 1, 2, query API); the APIs serve
  // /metrics on the ports after those (command APIs, query API), never on the shared defaults.
  const port = (i: number) => settings.servicePortBase + i;
  const processors = ['a', 'b'].map((x, i) => createServiceProcess({
    name: `processors-${x}`, service: 'processors', port: port(i),
    env: { ...common, METRICS_PORT: String(port(i)), WORKER_ID: `chaos-${x}`, EXECUTOR_CONCURRENCY: '20', PG_POOL_MAX: '8' },
  }, logDir));
  const commandApis = [1, 2].map((n, i) => createServiceProcess({
    name: `command-api-${n}`, service: 'command-api', port: port(2 + i),
    env: { ...common, PORT: String(port(2 + i)), METRICS_PORT: String(port(5 + i)), HOST: '127.0.0.1', PUBLISH_TIMEOUT_MS: '3000' },
  }, logDir));
  const queryApi = createServiceProcess({ name: 'query-api', service: 'query-api', port: port(4), env: { ...common, PORT: String(port(4)), METRICS_PORT: String(port(7)), HOST: '127.0.0.1', PG_POOL_MAX: '5' } }, logDir);
  const services: ServiceProcess[] = [...processors, ...commandApis, queryApi];
  const targets: FaultTargets = { stack, processors, commandApis, queryApi, log };
  let watcher: Awaited<ReturnType<typeof watchJobs>> | undefined;
  const kafka = createKafka({ brokers: [stack.kafkaBrokers], clientId: 'chaos', logger: createLogger({ service: 'chaos', level: 'silent' }) });

  try {
    // 1. The run's own stack, then the services (the first processors applies the migrations alone).
    const t0 = Date.now();
    await stack.up();
    log(`stack up on ${stack.kafkaBrokers}, ${stack.registryUrl} in ${((Date.now() - t0) / 1000).toFixed(0)} s (state in ${stateDir})`);
    await processors[0]!.start();
    await Promise.all([processors[1]!, ...commandApis, queryApi].map((s) => s.start()));
    log(`services ready in ${((Date.now() - t0) / 1000).toFixed(0)} s (logs in ${logDir})`);

    // 2. The log watcher: every job's starts and outcomes, deduplicated by event id.
    const topic = topicNames(topicPrefix).jobEvents;
    const serde = createEventSerde({ registryUrl: stack.registryUrl, topic, schemas: jobEventSchemas });
    await serde.registerAll(); // caches the schema ids, so the registry fault does not blind the watcher
    watcher = await watchJobs({ kafka, serde, topic, groupId: `chaos-watch-${Date.now()}` });

    // 3. One load segment per fault.
    const results: FaultAssessment[] = [];
    for (const name of settings.faults) {
      if (signal.aborted) break;
      const fault = faults[name];
      if (!fault) throw new Error(`unknown fault "${name}"`);
      let segment: Awaited<ReturnType<typeof runSegment>>;
      try {
        segment = await runSegment(settings, commandApis, credentials.apiKey, async () => {
          const injectedAt = Date.now();
          await fault.inject(targets);
          await fault.heal(targets);
          return { injectedAt, healedAt: Date.now() };
        }, signal);
      } catch (err) {
        // The fault could not be injected or healed (a service that would not start again): reported, run stopped.
        log(`${name}: ${String(err)}`);
        results.push(failedFault(name, err));
        break;
      }
      // The backlog drains: wait until every accepted job settled, or the recovery bound plus margin passed.
      const acceptedIds = segment.requests.flatMap((r) => (r.jobId ? [r.jobId] : []));
      const drainDeadline = segment.healedAt + fault.recoveryBoundMs + 15_000;
      while (watcher.openOf(acceptedIds) > 0 && Date.now() < drainDeadline && !signal.aborted) await new Promise((r) => setTimeout(r, 200));
      const submitted = new Set([...watcher.jobs].filter(([, j]) => j.submittedAt !== null && j.submittedAt >= segment.loadStartedAt && j.submittedAt <= segment.loadEndedAt).map(([id]) => id));
      const assessed = assessFault({ name, loadStartedAt: segment.loadStartedAt, injectedAt: segment.injectedAt, healedAt: segment.healedAt, recoveryBoundMs: fault.recoveryBoundMs }, segment.requests, watcher.jobs, submitted);
      results.push(assessed);
      log(`${name}: ${assessed.accepted} accepted, ${assessed.lost} lost, ${assessed.runTwice} run twice, ${assessed.serverErrors} 5xx, ${assessed.hung} hung, ${assessed.refused} refused, recovery ${assessed.recoveryMs === null ? 'never' : `${(assessed.recoveryMs / 1000).toFixed(1)} s`}${assessed.problems.length ? ` — ${assessed.problems.join('; ')}` : ''}`);
      try {
        await fault.restore?.(targets);
        // A service that died by itself (not by the fault) is a failure of the fault; start it again for the next.
        for (const s of services.filter((x) => !x.running())) {
          assessed.problems.push(`${s.spec.name} exited by itself`);
          log(`${s.spec.name} exited by itself; starting it again`);
          await s.start();
        }
      } catch (err) {
        assessed.problems.push(`could not restore the platform: ${err instanceof Error ? err.message : String(err)}`);
        break;
      }
    }
    return results;
  } finally {
    // 4. Clean up: only what this run started, then its stack, databases and state directory.
    await watcher?.stop().catch(() => undefined);
    await Promise.all(services.map((s) => s.terminate(5_000).catch(() => undefined)));
    await stack.down().catch((err: unknown) => log(`stack cleanup failed: ${String(err)}`));
    if (process.env.CHAOS_KEEP_STATE !== '1') rmSync(stateDir, { recursive: true, force: true });
  }
}

/** The row of a fault the run could not carry out. */
function failedFault(name: string, err: unknown): FaultAssessment {
  return {
    name, requests: 0, accepted: 0, lost: 0, runTwice: 0, serverErrors: 0, hung: 0, refused: 0, publishedUnanswered: 0,
    outageMs: 0, recoveryMs: null, problems: [`not carried out: ${err instanceof Error ? err.message : String(err)}`],
  };
}

/** One load segment: steady arrivals across the command APIs; `fault` runs after the warm-up. */
async function runSegment(settings: ChaosSettings, commandApis: ServiceProcess[], apiKey: string, fault: () => Promise<{ injectedAt: number; healedAt: number }>, signal: AbortSignal) {
  const clients = commandApis.map((s) => ({ s, client: createCommandClient({ baseUrl: s.url, maxSockets: 200, timeoutMs: settings.hangBoundMs, apiKey }), ready: true }));
  // A load balancer's view: readiness polled every 250 ms; requests go round robin to the ready ones.
  const poll = setInterval(() => clients.forEach((c) => void isReady(c.s.url).then((ok) => (c.ready = ok))), 250);
  let next = 0;
  const pick = () => {
    const ready = clients.filter((c) => c.ready);
    const pool = ready.length ? ready : clients;
    return pool[next++ % pool.length]!;
  };
  const requests: RequestRecord[] = [];
  const stop = new AbortController();
  const abort = () => stop.abort();
  signal.addEventListener('abort', abort);
  const loadStartedAt = Date.now();
  const load = runOpenModel({
    schedule: createArrivalSchedule([{ rate: settings.ratePerSec, durationMs: 600_000 }]),
    maxInFlight: 2_000, batchSize: 1, signal: stop.signal,
    send: async () => {
      const sentAt = Date.now();
      const result: SubmitResult = await pick().client.submit({ type: 'noop', payload: {}, maxAttempts: 3 });
      requests.push({ sentAt, answeredAt: Date.now(), ...classify(result) });
    },
  });
  try {
    await new Promise((r) => setTimeout(r, settings.warmupMs));
    const { injectedAt, healedAt } = await fault();
    await new Promise((r) => setTimeout(r, settings.tailMs));
    stop.abort();
    await load;
    return { requests, loadStartedAt, loadEndedAt: Date.now(), injectedAt, healedAt };
  } finally {
    stop.abort();
    clearInterval(poll);
    signal.removeEventListener('abort', abort);
    clients.forEach((c) => c.client.close());
  }
}

/** A request's outcome for the report (pure). */
export function classify(result: SubmitResult): Pick<RequestRecord, 'outcome' | 'jobId'> {
  if (result.ok) return { outcome: 'accepted', ...(result.jobIds[0] ? { jobId: result.jobIds[0] } : {}) };
  if (result.kind === 'timeout') return { outcome: 'hung' };
  if (result.kind === 'network') return { outcome: 'refused' };
  const status = Number(/^http_(\d+)$/.exec(result.kind)?.[1] ?? 0);
  if (status >= 500) return { outcome: '5xx' };
  if (status >= 400) return { outcome: '4xx' };
  return { outcome: 'other' };
}
