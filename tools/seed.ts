/**
 * `npm run seed`: gives a newcomer's dashboard something to show within a minute, through the
 * command API like any client: a realistic mix of jobs (several types, priorities and tenants,
 * retries that recover, failures into dead letters, jobs due later), a few schedules, and a short
 * recorded load test (the loadtest CLI). Exits 1 with one line when the platform is not up.
 *
 * Flags: `--jobs N` (default 150), `--no-loadtest`. Addresses: COMMAND_API_URL, QUERY_API_URL,
 * else http://127.0.0.1 on COMMAND_API_PORT (3001) and QUERY_API_PORT (3002), as `npm start` uses;
 * WEB_PORT (3000) names the dashboard it points to at the end.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { expectedOutcomes, seedJobs, seedSchedules, type SeedJob } from './seed/seedPlan';
import { localAuthHeaders } from './localApiKey';

const root = join(__dirname, '..');
const commandApi = process.env.COMMAND_API_URL ?? `http://127.0.0.1:${process.env.COMMAND_API_PORT ?? 3001}`;
const queryApi = process.env.QUERY_API_URL ?? `http://127.0.0.1:${process.env.QUERY_API_PORT ?? 3002}`;
const interactive = process.stdout.isTTY;

/** An error the seed explains in one line (no stack trace). */
class SeedError extends Error {}

/** JSON over HTTP; a non-2xx answer throws a SeedError with the problem's title and detail. */
async function call<T>(method: string, url: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(url, {
    method, headers: body === undefined ? localAuthHeaders() : { ...localAuthHeaders(), 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(15_000),
  });
  const json = (await res.json().catch(() => undefined)) as T & { title?: string; detail?: string };
  if (!res.ok && res.status !== 409) throw new SeedError(`${method} ${url} answered ${res.status}: ${json?.title ?? ''} ${json?.detail ?? ''}`.trim());
  return { status: res.status, body: json };
}

async function ready(url: string): Promise<boolean> {
  return fetch(`${url}/readyz`, { signal: AbortSignal.timeout(3000) }).then((res) => res.ok, () => false);
}

/** One progress line, rewritten in place on a terminal. */
function progress(line: string, done = false): void {
  if (interactive) process.stdout.write(`\r\x1b[2K${line}${done ? '\n' : ''}`);
  else if (done) console.log(line);
}

async function submitJobs(jobs: SeedJob[]): Promise<string[]> {
  const ids: string[] = [];
  const batchSize = 25;
  for (let i = 0; i < jobs.length; i += batchSize) {
    const { body } = await call<{ jobIds: string[] }>('POST', `${commandApi}/v1/jobs/batch`, { jobs: jobs.slice(i, i + batchSize) });
    ids.push(...body.jobIds);
    progress(`jobs: submitted ${ids.length}/${jobs.length}`, ids.length === jobs.length);
  }
  return ids;
}

async function createSchedules(webhookUrl: string): Promise<void> {
  const existing = (await call<{ items: Array<{ name: string }> }>('GET', `${queryApi}/v1/schedules?limit=200`)).body.items.map((s) => s.name);
  for (const schedule of seedSchedules(webhookUrl)) {
    if (existing.includes(schedule.name)) {
      console.log(`schedules: "${schedule.name}" already there`);
      continue;
    }
    await call('POST', `${commandApi}/v1/schedules`, schedule);
    console.log(`schedules: created "${schedule.name}" (${schedule.cron}, ${schedule.timeZone})`);
  }
}

/** Polls the jobs until each has settled (or is waiting for its runAt), at most `timeoutMs` in milliseconds. */
async function waitSettled(ids: string[], timeoutMs: number): Promise<Map<string, number>> {
  const settled = new Set(['succeeded', 'failed', 'cancelled', 'dead', 'scheduled']);
  const statuses = new Map<string, string>();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pending = ids.filter((id) => !settled.has(statuses.get(id) ?? ''));
    for (let i = 0; i < pending.length; i += 10) {
      await Promise.all(pending.slice(i, i + 10).map(async (id) => {
        const res = await fetch(`${queryApi}/v1/jobs/${id}`, { headers: localAuthHeaders(), signal: AbortSignal.timeout(5000) }).catch(() => undefined);
        if (res?.ok) statuses.set(id, ((await res.json()) as { status: string }).status);
      }));
    }
    const counts = new Map<string, number>();
    for (const status of statuses.values()) counts.set(status, (counts.get(status) ?? 0) + 1);
    const left = ids.filter((id) => !settled.has(statuses.get(id) ?? '')).length;
    const summary = [...counts].sort().map(([status, n]) => `${status} ${n}`).join(', ');
    if (left === 0 || Date.now() > deadline) {
      progress(`jobs: ${summary}${left ? ` (${left} still in progress)` : ''}`, true);
      return counts;
    }
    progress(`jobs: ${summary || 'waiting for the read model'}; ${left} in progress`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** A 10-second load test at 20 jobs/s through the loadtest CLI, recorded for the Load tests page; resolves with its exit code. */
function recordLoadTest(): Promise<number> {
  console.log('loadtest: 10 s at 20 noop jobs/s, recorded (npm run loadtest)…');
  const child = spawn(join(root, 'node_modules', '.bin', 'tsx'), [
    'loadtest/src/cli.ts', '--rate', '20', '--duration', '10s', '--type', 'noop', '--threshold', 'p99<2000ms',
    '--command-api', commandApi, '--query-api', queryApi,
  ], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  return new Promise((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { jobs: { type: 'string', default: '150' }, 'no-loadtest': { type: 'boolean' } } });
  const count = Number(values.jobs);
  if (!Number.isInteger(count) || count < 1 || count > 10_000) throw new SeedError('--jobs needs a whole number from 1 to 10000');

  // 1. The platform must be up: the seed goes through the APIs like any client.
  for (const [name, url] of [['command API', commandApi], ['query API', queryApi]] as const) {
    if (!(await ready(url))) throw new SeedError(`the ${name} at ${url} is not answering (GET /readyz): start the platform first with \`npm start\` (or \`npm run dev\`), then run \`npm run seed\` again`);
  }
  const began = Date.now();

  // 2. Jobs and schedules.
  const webhookUrl = `${queryApi}/healthz`;
  const jobs = seedJobs(count, webhookUrl, Date.now());
  const expected = expectedOutcomes(jobs);
  console.log(`seeding ${commandApi}: ${jobs.length} jobs (${new Set(jobs.map((job) => job.type)).size} types, ${expected.deadLetters} meant to dead-letter, ${expected.delayed} due in a few minutes)`);
  const ids = await submitJobs(jobs);
  await createSchedules(webhookUrl);

  // 3. Until the dashboard shows them settled: retries take a second or two.
  await waitSettled(ids, 90_000);

  // 4. A recorded load test for the Load tests page.
  // A failed run is still recorded and shown; the seed itself has done its work.
  if (!values['no-loadtest'] && (await recordLoadTest()) !== 0) console.warn('loadtest: the run did not pass (it is recorded as failed; see its report above)');

  console.log(`\nseeded in ${((Date.now() - began) / 1000).toFixed(0)} s; open the dashboard (http://127.0.0.1:${process.env.WEB_PORT ?? 3000} with \`npm start\`)`);
}

main().catch((error: unknown) => {
  console.error(`seed: ${error instanceof SeedError ? error.message : error instanceof Error && /fetch failed/.test(error.message) ? `the platform stopped answering (${String(error.cause ?? error.message)})` : String(error)}`);
  process.exit(1);
});
