import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createKafka, topicNames } from '@conveyor/kafka';
import { createLogger, createPgPool } from '@conveyor/runtime';
import { createServiceProcess } from '../chaos/serviceProcess';
import { createCommandClient } from '../http/commandClient';
import { endOffsets, projectionLag } from '../kafka/lagSampler';
import { withAdminClient, type OwnPlatformSettings } from '../ownPlatform';
import { runCredentials } from '../runCredentials';
import { runbookSteps, stepNamed, type RunbookStep } from './runbookSteps';

const root = join(__dirname, '..', '..', '..');

/** The drills, each a runbook of docs/runbooks whose `# drill:` steps it runs. */
export const drills = {
  'postgres-lost': 'docs/runbooks/dr-postgres-lost.md',
  'read-model-corrupted': 'docs/runbooks/dr-read-model-corrupted.md',
} as const;
export type DrillName = keyof typeof drills;

/** Settings of a drill run (see cli.ts): its database is created, lost and rebuilt. */
export interface DrillSettings extends OwnPlatformSettings {
  drills: DrillName[];
  jobs: number;
}

/** What one drill found. */
export interface DrillResult {
  name: DrillName;
  passed: boolean;
  problems: string[];
  /** Figures measured, e.g. `rebuild seconds`. */
  figures: Record<string, number>;
}

/** Read-model tables compared before and after, with row count and an order-independent checksum. */
const tables = ['jobs', 'job_events', 'job_stats_minute'] as const;
type Snapshot = Record<string, { rows: number; checksum: string }>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs disaster-recovery drills against the running stack (internal): its own topic prefix and database,
 * one processors and one command API as processes; `jobs` noop jobs run to the end; a snapshot of the read
 * models; then each drill does the damage and runs its runbook's drilled steps exactly as written (bash,
 * with the drill's DATABASE_URL and TOPIC_PREFIX), and checks the read models equal the snapshot again.
 */
export async function runDrills(settings: DrillSettings): Promise<DrillResult[]> {
  const { log } = settings;
  const prefix = `drill${Date.now().toString(36)}.`;
  const topic = topicNames(prefix).jobEvents;
  const dbName = new URL(settings.databaseUrl).pathname.slice(1);
  // The run's admin key, one secrets key ring for its services, rate limits off (the load is one principal).
  const { apiKey, env: credentialsEnv } = runCredentials('drill');
  const env = {
    KAFKA_BROKERS: settings.kafkaBrokers.join(','), SCHEMA_REGISTRY_URL: settings.registryUrl, DATABASE_URL: settings.databaseUrl,
    TOPIC_PREFIX: prefix, LOG_LEVEL: 'warn', ...credentialsEnv,
  };
  const processors = createServiceProcess({ name: 'drill-processors', service: 'processors', port: settings.servicePortBase, env: { ...env, METRICS_PORT: String(settings.servicePortBase), WORKER_ID: 'drill' } }, settings.logDir);
  const commandApi = createServiceProcess({ name: 'drill-command-api', service: 'command-api', port: settings.servicePortBase + 1, env: { ...env, PORT: String(settings.servicePortBase + 1), METRICS_PORT: String(settings.servicePortBase + 2), HOST: '127.0.0.1' } }, settings.logDir);
  const kafka = createKafka({ brokers: settings.kafkaBrokers, clientId: 'drill', logger: createLogger({ service: 'drill', level: 'silent' }) });
  const admin = kafka.admin();
  let pool = createPgPool({ url: settings.databaseUrl, name: 'conveyor-drill', max: 2 });
  const results: DrillResult[] = [];
  mkdirSync(settings.logDir, { recursive: true });

  /** Runs a drilled step with bash; resolves with its exit code and output. */
  const runStep = (step: RunbookStep) => new Promise<{ code: number; output: string }>((resolve, reject) => {
    log(`step ${step.name}: ${step.script.split('\n').filter((l) => l && !l.startsWith('#')).join('; ')}`);
    const child = spawn('bash', ['-eo', 'pipefail', '-c', step.script], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => void (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => void (output += c.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code: code ?? 1, output }));
  });
  const expectExit = async (step: RunbookStep, want: number, problems: string[]) => {
    const r = await runStep(step);
    if (r.code !== want) problems.push(`step ${step.name} exited ${r.code}, want ${want}: ${r.output.slice(-600)}`);
    return r;
  };
  const snapshot = async (): Promise<Snapshot> => {
    const out: Snapshot = {};
    for (const t of tables) {
      const { rows } = await pool.query<{ n: number; sum: string | null }>(`select count(*)::int as n, md5(string_agg(h, '' order by h)) as sum from (select md5(t::text) as h from ${t} t) x`);
      out[t] = { rows: rows[0]?.n ?? 0, checksum: rows[0]?.sum ?? '' };
    }
    return out;
  };
  const diff = (before: Snapshot, after: Snapshot) => tables.filter((t) => before[t]!.checksum !== after[t]!.checksum)
    .map((t) => `${t}: ${before[t]!.rows} rows before, ${after[t]!.rows} after, checksums differ`);
  /** Waits until the projector has projected the whole topic and every job finished; resolves with the events projected. */
  const settled = async (ids: string[], withinMs: number): Promise<number> => {
    const deadline = Date.now() + withinMs;
    for (;;) {
      const ends = await endOffsets(admin, [topic]);
      const lag = await projectionLag(pool, topic, ends).catch(() => null);
      const done = await pool.query<{ n: number }>("select count(*)::int as n from jobs where job_id = any($1::uuid[]) and status = 'succeeded'", [ids]).then((r) => r.rows[0]?.n ?? 0, () => 0);
      if (lag === 0 && done === ids.length) return [...(ends.get(topic)?.values() ?? [])].reduce((s, v) => s + Number(v), 0);
      if (Date.now() > deadline) throw new Error(`not settled within ${withinMs / 1000} s: projector lag ${lag}, ${done}/${ids.length} jobs succeeded`);
      await sleep(500);
    }
  };

  try {
    // 1. The platform on its own prefix and database, and the jobs.
    await withAdminClient(settings.databaseUrl, (c) => c.query(`drop database if exists "${dbName}" with (force)`));
    await processors.start();
    await commandApi.start();
    await admin.connect();
    const client = createCommandClient({ baseUrl: commandApi.url, maxSockets: 8, timeoutMs: 30_000, apiKey });
    const ids: string[] = [];
    for (let i = 0; i < settings.jobs; i += 100) {
      const r = await client.submitBatch(Array.from({ length: Math.min(100, settings.jobs - i) }, () => ({ type: 'noop', payload: { drill: true } })));
      if (!r.ok) throw new Error(`submitting the drill's jobs failed: ${r.kind} ${r.detail}`);
      ids.push(...r.jobIds);
    }
    client.close();
    const events = await settled(ids, 600_000);
    const before = await snapshot();
    log(`${ids.length} jobs finished, ${events} events on ${topic}; read models: ${tables.map((t) => `${t} ${before[t]!.rows}`).join(', ')}`);

    for (const name of settings.drills) {
      const runbook = drills[name];
      const steps = runbookSteps(readFileSync(join(root, runbook), 'utf8'));
      const problems: string[] = [];
      const figures: Record<string, number> = {};
      log(`drill ${name} (${runbook})`);
      if (name === 'postgres-lost') {
        // The disaster: the platform stopped, the database dropped.
        await Promise.all([processors.terminate(), commandApi.terminate()]);
        await pool.end();
        await withAdminClient(settings.databaseUrl, (c) => c.query(`drop database "${dbName}" with (force)`));
        log(`database ${dbName} dropped`);
        // The runbook: recreate, start the processors, rebuild the read models from the log, verify.
        const started = Date.now();
        await expectExit(stepNamed(steps, 'recreate', runbook), 0, problems);
        pool = createPgPool({ url: settings.databaseUrl, name: 'conveyor-drill', max: 2 });
        await expectExit(stepNamed(steps, 'reset', runbook), 0, problems);
        const projectStarted = Date.now();
        await processors.start();
        const replayed = await settled(ids, 600_000).catch((err: unknown) => {
          problems.push(`after the restart: ${err instanceof Error ? err.message : String(err)}`);
          return 0;
        });
        figures['recovery seconds (recreate to projected)'] = Math.round((Date.now() - started) / 100) / 10;
        figures['projection seconds (processors start to lag 0)'] = Math.round((Date.now() - projectStarted) / 100) / 10;
        figures.events = replayed;
        log(`read models rebuilt from ${replayed} events: ${figures['projection seconds (processors start to lag 0)']} s from the processors' start, ${figures['recovery seconds (recreate to projected)']} s from recreate`);
        problems.push(...diff(before, await snapshot()));
        await expectExit(stepNamed(steps, 'verify', runbook), 0, problems);
        await commandApi.start();
      } else {
        // The damage: one job's row altered, another's deleted.
        const [altered, deleted] = [ids[0]!, ids[1]!];
        await pool.query("update jobs set status = 'failed', attempts = 7 where job_id = $1", [altered]);
        await pool.query('delete from jobs where job_id = $1', [deleted]);
        log(`jobs ${altered} altered and ${deleted} deleted`);
        const detected = await expectExit(stepNamed(steps, 'detect', runbook), 2, problems);
        for (const id of [altered, deleted]) if (!detected.output.includes(id)) problems.push(`detect did not name job ${id}`);
        const started = Date.now();
        await expectExit(stepNamed(steps, 'rebuild', runbook), 0, problems);
        figures['rebuild seconds'] = Math.round((Date.now() - started) / 100) / 10;
        problems.push(...diff(before, await snapshot()));
        await expectExit(stepNamed(steps, 'verify', runbook), 0, problems);
      }
      results.push({ name, passed: problems.length === 0, problems, figures });
      log(`drill ${name}: ${problems.length ? `FAIL\n  - ${problems.join('\n  - ')}` : 'pass'}`);
    }
    return results;
  } finally {
    // 2. Clean up what the drill started, and its database.
    await Promise.all([processors.terminate(15_000), commandApi.terminate(15_000)]).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
    await pool.end().catch(() => undefined);
    await withAdminClient(settings.databaseUrl, (c) => c.query(`drop database if exists "${dbName}" with (force)`)).catch(() => undefined);
  }
}
