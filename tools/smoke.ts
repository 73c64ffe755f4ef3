/**
 * `npm run smoke -- [count]`: submits `count` noop jobs (default 300) to the running platform, waits
 * until every one is visible as succeeded in the query API, and prints how long each phase took.
 * Loopback only; bounded to 10,000 jobs and 5 minutes.
 */
import { localAuthHeaders } from './localApiKey';

const count = Math.min(Number(process.argv[2] ?? 300), 10_000);
const commandApi = process.env.COMMAND_API_URL ?? 'http://127.0.0.1:3001';
const queryApi = process.env.QUERY_API_URL ?? 'http://127.0.0.1:3002';

async function main(): Promise<void> {
  if (!Number.isInteger(count) || count < 1) throw new Error('count must be a positive integer');
  // What to run first, in one line, rather than "fetch failed" (issue 17, item 11).
  for (const url of [commandApi, queryApi]) {
    const up = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(3000) }).then((res) => res.ok, () => false);
    if (!up) throw new Error(`${url} is not ready (GET /readyz); start the platform first with \`npm start\``);
  }
  const started = Date.now();
  const jobIds = await Promise.all(Array.from({ length: count }, async (_, i) => {
    const res = await fetch(`${commandApi}/v1/jobs`, {
      method: 'POST', headers: { ...localAuthHeaders(), 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'noop', payload: { i } }),
    });
    if (res.status !== 202) throw new Error(`submit ${i}: HTTP ${res.status} ${await res.text()}`);
    return ((await res.json()) as { jobId: string }).jobId;
  }));
  const accepted = Date.now();
  console.log(`${count} jobs accepted (202) in ${accepted - started} ms`);
  const pending = new Set(jobIds);
  const deadline = Date.now() + 5 * 60_000;
  while (pending.size && Date.now() < deadline) {
    await Promise.all([...pending].slice(0, 200).map(async (id) => {
      const res = await fetch(`${queryApi}/v1/jobs/${id}`, { headers: localAuthHeaders() });
      if (res.ok && ((await res.json()) as { status: string }).status === 'succeeded') pending.delete(id);
    }));
    if (pending.size) await new Promise((r) => setTimeout(r, 200));
  }
  if (pending.size) throw new Error(`${pending.size} jobs not succeeded after 5 minutes`);
  const done = Date.now();
  console.log(`all ${count} visible as succeeded in the query API ${done - started} ms after the first submit (${Math.round(count / ((done - started) / 1000))} jobs/s end to end)`);
}

main().catch((err: unknown) => {
  console.error(`smoke: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
