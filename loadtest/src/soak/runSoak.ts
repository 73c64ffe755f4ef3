import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { jobEventSchemas } from '@conveyor/events';
import { createEventSerde, createKafka, topicNames } from '@conveyor/kafka';
import { createLogger, createPgPool } from '@conveyor/runtime';
import { createArrivalSchedule } from '../arrivalSchedule';
import { watchJobs } from '../chaos/watchJobs';
import { createServiceProcess, type ServiceProcess } from '../chaos/serviceProcess';
import { createCommandClient } from '../http/commandClient';
import { endOffsets, groupLag, projectionLag } from '../kafka/lagSampler';
import { runOpenModel } from '../openModelGenerator';
import { withAdminClient, type OwnPlatformSettings } from '../ownPlatform';
import { runCredentials } from '../runCredentials';
import { scrapeProcess } from './scrapeProcess';
import type { Point, ProcessSample, SoakObservations } from './soakVerdict';

/** Settings of a soak (see cli.ts): the processors, command API and query API on the stack, from `servicePortBase`. */
export interface SoakSettings extends OwnPlatformSettings {
  durationMs: number;
  ratePerSec: number;
  /** How often every service, the lag and Postgres are sampled, in milliseconds. */
  sampleEveryMs: number;
  /** After the load: how long accepted jobs may take to finish, at most, in milliseconds. */
  drainMs: number;
}

/** Everything a soak measured. */
export interface SoakRun {
  observations: SoakObservations;
  /** Postgres connections to the soak's database over time. */
  pgConnections: Point[];
  /** Jobs accepted per second, per sample interval. */
  acceptedRate: Point[];
  /** Lag per consumer group over time, in messages. */
  lagByGroup: Record<string, Point[]>;
  submitted: number;
  accepted: number;
  dropped: number;
  failedByKind: Record<string, number>;
  reads: { ok: number; failed: number };
  loadMs: number;
  postgresVersion: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs a soak (internal): one processors, one command API and one query API as their own processes on
 * the running stack, on a fresh topic prefix and a database of their own; a steady open-model load of noop
 * jobs through the whole pipeline (command API → Kafka → dispatcher → executor → projector → query API
 * reads) for the duration, sampling every service's /metrics, the consumer lag and the Postgres
 * connections; then a bounded drain. Stops everything it started and drops its database, whatever happens.
 */
export async function runSoak(settings: SoakSettings, signal: AbortSignal): Promise<SoakRun> {
  const { log } = settings;
  mkdirSync(settings.logDir, { recursive: true });
  const prefix = `soak${Date.now().toString(36)}.`;
  const dbName = new URL(settings.databaseUrl).pathname.slice(1);
  await withAdminClient(settings.databaseUrl, (c) => c.query(`create database "${dbName}"`).catch(() => undefined));
  // The run's admin key, one secrets key ring for its services, rate limits off (the load is one principal).
  const { apiKey, env: credentialsEnv } = runCredentials('soak');
  const common = {
    KAFKA_BROKERS: settings.kafkaBrokers.join(','), SCHEMA_REGISTRY_URL: settings.registryUrl, DATABASE_URL: settings.databaseUrl,
    TOPIC_PREFIX: prefix, LOG_LEVEL: 'warn', ...credentialsEnv,
  };
  const port = (i: number) => settings.servicePortBase + i;
  // The APIs serve /metrics on a port of their own (METRICS_PORT); the processors on their only port.
  const services: ServiceProcess[] = [
    createServiceProcess({ name: 'processors', service: 'processors', port: port(0), env: { ...common, METRICS_PORT: String(port(0)), WORKER_ID: 'soak' } }, settings.logDir),
    createServiceProcess({ name: 'command-api', service: 'command-api', port: port(1), env: { ...common, PORT: String(port(1)), METRICS_PORT: String(port(3)), HOST: '127.0.0.1' } }, settings.logDir),
    createServiceProcess({ name: 'query-api', service: 'query-api', port: port(2), env: { ...common, PORT: String(port(2)), METRICS_PORT: String(port(4)), HOST: '127.0.0.1' } }, settings.logDir),
  ];
  const metricsUrl: Record<string, string> = { processors: services[0]!.url, 'command-api': `http://127.0.0.1:${port(3)}`, 'query-api': `http://127.0.0.1:${port(4)}` };
  const topics = topicNames(prefix);
  const kafka = createKafka({ brokers: settings.kafkaBrokers, clientId: 'soak', logger: createLogger({ service: 'soak', level: 'silent' }) });
  const kafkaAdmin = kafka.admin();
  const pool = createPgPool({ url: settings.databaseUrl, name: 'conveyor-soak-sampler', max: 2 });
  const client = createCommandClient({ baseUrl: services[1]!.url, maxSockets: 256, timeoutMs: 10_000, apiKey });
  let watcher: Awaited<ReturnType<typeof watchJobs>> | undefined;

  try {
    // 1. The services (the processors first: they apply the migrations and the topic catalog).
    const t0 = Date.now();
    await services[0]!.start();
    await Promise.all(services.slice(1).map((s) => s.start()));
    log(`services ready in ${((Date.now() - t0) / 1000).toFixed(0)} s on ports ${port(0)}–${port(4)}, prefix ${prefix} (logs in ${settings.logDir})`);
    await kafkaAdmin.connect();
    const serde = createEventSerde({ registryUrl: settings.registryUrl, topic: topics.jobEvents, schemas: jobEventSchemas });
    watcher = await watchJobs({ kafka, serde, topic: topics.jobEvents, groupId: `${prefix}soak-watch` });
    const postgresVersion = (await pool.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]?.v ?? 'unknown';

    // 2. The load, the reads and the sampler.
    const run: SoakRun = {
      observations: { services: Object.fromEntries(services.map((s) => [s.spec.name, [] as ProcessSample[]])), lag: [], failedRequests: 0, unsettled: 0, exited: [] },
      pgConnections: [], acceptedRate: [], lagByGroup: {}, submitted: 0, accepted: 0, dropped: 0, failedByKind: {}, reads: { ok: 0, failed: 0 },
      loadMs: 0, postgresVersion,
    };
    const acceptedIds: string[] = [];
    const stop = new AbortController();
    const onAbort = () => stop.abort();
    signal.addEventListener('abort', onAbort);
    const startedAt = Date.now();
    const elapsed = () => Math.round((Date.now() - startedAt) / 100) / 10;
    const load = runOpenModel({
      schedule: createArrivalSchedule([{ rate: settings.ratePerSec, durationMs: settings.durationMs }]),
      maxInFlight: 500, batchSize: 1, signal: stop.signal,
      onDrop: () => void (run.dropped += 1),
      send: async () => {
        run.submitted += 1;
        const r = await client.submit({ type: 'noop', payload: {}, maxAttempts: 3 });
        if (r.ok) {
          run.accepted += 1;
          acceptedIds.push(...r.jobIds);
        } else run.failedByKind[r.kind] = (run.failedByKind[r.kind] ?? 0) + 1;
      },
    });
    const reader = setInterval(() => {
      void fetch(`${services[2]!.url}/v1/jobs?limit=20`, { headers: { authorization: `Bearer ${apiKey}` }, signal: AbortSignal.timeout(5000) })
        .then((res) => void (res.ok ? run.reads.ok++ : run.reads.failed++), () => void run.reads.failed++);
    }, 1000);
    const groups = ['dispatcher', 'executor', 'projector'].map((r) => `${prefix}conveyor-${r}`);
    let lastAccepted = 0;
    let lastT = 0;
    let lastProgress = 0;
    const sample = async () => {
      const t = elapsed();
      for (const s of services) {
        if (!s.running()) {
          if (!run.observations.exited.includes(s.spec.name)) run.observations.exited.push(s.spec.name);
          continue;
        }
        const p = await scrapeProcess(metricsUrl[s.spec.name]!, t);
        if (p) run.observations.services[s.spec.name]!.push(p);
      }
      const ends = await endOffsets(kafkaAdmin, [topics.jobEvents, topics.work.high, topics.work.normal, topics.work.low]).catch(() => null);
      if (ends) {
        let total = 0;
        for (const g of groups) {
          const lag = g.endsWith('projector') ? await projectionLag(pool, topics.jobEvents, ends).catch(() => null) : await groupLag(kafkaAdmin, g, [...ends.keys()], ends).catch(() => null);
          (run.lagByGroup[g.slice(prefix.length)] ??= []).push([t, lag ?? 0]);
          total += lag ?? 0;
        }
        run.observations.lag.push([t, total]);
      }
      const { rows } = await pool.query<{ n: number }>('select count(*)::int as n from pg_stat_activity where datname = current_database()');
      run.pgConnections.push([t, rows[0]?.n ?? 0]);
      run.acceptedRate.push([t, t > lastT ? (run.accepted - lastAccepted) / (t - lastT) : 0]);
      lastAccepted = run.accepted;
      lastT = t;
      if (t - lastProgress >= 30 || lastProgress === 0) {
        lastProgress = t;
        const rss = services.map((s) => {
          const last = run.observations.services[s.spec.name]!.at(-1);
          return `${s.spec.name} ${last ? (last.rssBytes / 2 ** 20).toFixed(0) : '?'} MiB`;
        }).join(', ');
        const failed = Object.values(run.failedByKind).reduce((a, b) => a + b, 0);
        log(`${(t / 60).toFixed(1)}/${(settings.durationMs / 60_000).toFixed(1)} min: ${run.accepted} accepted, ${failed} failed, lag ${run.observations.lag.at(-1)?.[1] ?? '?'}, pg ${run.pgConnections.at(-1)?.[1]} conns; RSS ${rss}`);
      }
    };
    let sampling = Promise.resolve();
    const sampler = setInterval(() => {
      sampling = sampling.then(sample).catch((err: unknown) => log(`a sample failed: ${String(err)}`));
    }, settings.sampleEveryMs);
    try {
      await load;
    } finally {
      clearInterval(sampler);
      clearInterval(reader);
      await sampling;
      signal.removeEventListener('abort', onAbort);
    }
    run.loadMs = Date.now() - startedAt;
    run.observations.failedRequests = Object.values(run.failedByKind).reduce((a, b) => a + b, 0);

    // 3. The drain: every accepted job must finish.
    const drainDeadline = Date.now() + settings.drainMs;
    while (watcher.openOf(acceptedIds) > 0 && Date.now() < drainDeadline && !signal.aborted) await sleep(500);
    run.observations.unsettled = watcher.openOf(acceptedIds);
    for (const s of services) if (!s.running() && !run.observations.exited.includes(s.spec.name)) run.observations.exited.push(s.spec.name);
    log(`load done: ${run.accepted} accepted, ${run.observations.unsettled} not finished after the drain`);
    return run;
  } finally {
    // 4. Clean up what this run started: its services, clients, topics' consumers and database.
    client.close();
    await watcher?.stop().catch(() => undefined);
    await kafkaAdmin.disconnect().catch(() => undefined);
    await pool.end().catch(() => undefined);
    await Promise.all(services.map((s) => s.terminate(15_000).catch(() => undefined)));
    await withAdminClient(settings.databaseUrl, (c) => c.query(`drop database if exists "${dbName}" with (force)`)).catch((err: unknown) => log(`could not drop ${dbName}: ${String(err)}`));
  }
}


/** Where a soak's service logs go by default. */
export const defaultLogDir = (root: string) => join(root, '.stack', 'logs', 'soak');
