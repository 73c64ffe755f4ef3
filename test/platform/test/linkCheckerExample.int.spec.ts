/**
 * The example a user copies (issue 12, items 7 and 8): `examples/link-checker` installed from the packed SDKs
 * in a folder of its own, its worker started as a separate process (`src/worker.ts`, step 2) against a platform
 * started in this process, and a job submitted with its `src/submit.ts` (step 3) for a local page with good and
 * broken links. The job's result names the broken links, its timeline holds the handler's progress and log
 * lines, and GET /v1/job-types shows `links.check` on the `links` queue with the worker serving it (the worker
 * announced it when it started).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { createClient, type ConveyorClient } from '@conveyor/client';
import { createLogger } from '@conveyor/runtime';
import { stackEndpoints, uniqueName, waitFor } from '@conveyor/testing';
import { startInProcessPlatform, type InProcessPlatform } from '../src';
import { installExample } from './installExample';

const endpoints = stackEndpoints();
const logger = createLogger({ service: 'link-checker-example-test', level: 'warn' });

/** A site with a page whose links work, fail, refuse HEAD, or lead nowhere. */
function startSite(): Promise<Server> {
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<html><body>
        <a href="/ok">ok</a> <a href='/ok#section'>same page, other anchor</a> <a href=/about>about</a>
        <a href="/get-only">refuses HEAD</a> <a href="/missing">missing</a> <a href="/broken">broken</a>
        <a href="http://127.0.0.1:1/nowhere">nothing listens</a> <a href="mailto:team@example.org">mail</a>
      </body></html>`);
      return;
    }
    const status = ({ '/ok': 200, '/about': 200, '/missing': 404, '/broken': 500 } as Record<string, number>)[path];
    if (path === '/get-only') res.writeHead(req.method === 'HEAD' ? 405 : 200);
    else res.writeHead(status ?? 404);
    res.end();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('the link-checker example, installed from the packed SDKs', () => {
  let platform: InProcessPlatform;
  let site: Server;
  let siteUrl: string;
  let exampleDir: string;
  let worker: ChildProcess | undefined;
  let client: ConveyorClient;
  const workerId = uniqueName('link-checker');

  /** The job-type catalog of the query API (GET /v1/job-types): each type with the workers serving it. */
  const catalog = async () => {
    const res = await fetch(`${platform.queryApi}/v1/job-types`, { headers: { authorization: `Bearer ${platform.apiKey}` } });
    expect(res.status).toBe(200);
    return ((await res.json()) as { items: Array<{ type: string; queue: string; workers: Array<{ workerId: string }> }> }).items;
  };
  /** Runs one of the example's scripts with Node (through tsx, as its README does), in its folder. */
  const runExample = (script: string, args: string[], env: Record<string, string>) =>
    spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: exampleDir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });

  beforeAll(async () => {
    exampleDir = installExample('link-checker');
    site = await startSite();
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    // The command API reads the catalog again every half second, so the worker's type is accepted soon after it is projected.
    platform = await startInProcessPlatform({ endpoints, logger, env: { JOB_TYPE_CATALOG_REFRESH_MS: '500' } });
    client = createClient({ commandUrl: platform.commandApi, queryUrl: platform.queryApi, apiKey: platform.apiKey });

    // Step 2 of the README: the worker, a process of its own, configured from its environment.
    worker = runExample('src/worker.ts', [], {
      KAFKA_BROKERS: endpoints.kafkaBrokers.join(','), SCHEMA_REGISTRY_URL: endpoints.registryUrl, DATABASE_URL: endpoints.databaseUrl,
      TOPIC_PREFIX: platform.topicPrefix, WORKER_ID: workerId, LOG_LEVEL: 'warn',
    });
    worker.stderr?.pipe(process.stderr);
    const lines = createInterface({ input: worker.stdout! });
    await new Promise<void>((resolve, reject) => {
      lines.on('line', (line) => line.includes('worker started') && resolve());
      worker!.once('exit', (code) => reject(new Error(`the example's worker exited (${code}) before it started`)));
    });
  });

  afterAll(async () => {
    if (worker && worker.exitCode === null) {
      const exited = new Promise((resolve) => worker!.once('exit', resolve));
      worker.kill('SIGTERM');
      await exited;
    }
    await platform?.stop();
    await new Promise((resolve) => site?.close(resolve));
    if (exampleDir) rmSync(exampleDir, { recursive: true, force: true });
  });

  it('GET /v1/job-types lists links.check on the links queue with the example\'s worker', async () => {
    const type = await waitFor(async () => {
      const found = (await catalog()).find((t) => t.type === 'links.check');
      return found && found.workers.some((w) => w.workerId === workerId) && found;
    }, { timeoutMs: 60_000, what: 'links.check in the catalog' });
    expect(type.queue).toBe('links');
    expect(type.workers.map((w) => w.workerId)).toEqual([workerId]);
  });

  it('runs a submitted link check in the example\'s worker: the broken links returned, progress and logs in the timeline', async () => {
    // The command API accepts the type once its catalog refresh has seen it.
    await waitFor(async () => {
      const res = await fetch(`${platform.commandApi}/v1/jobs`, {
        method: 'POST', headers: { authorization: `Bearer ${platform.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'links.check', payload: { url: 'not a url' } }),
      });
      return res.status === 422 && ((await res.json()) as { errors?: Array<{ path: string }> }).errors?.some((e) => e.path === '/payload/url');
    }, { timeoutMs: 60_000, what: 'the command API validating links.check payloads' });

    // Step 3 of the README: the example's submit script, which waits for the job and prints it.
    const submit = runExample('src/submit.ts', [`${siteUrl}/`], {
      CONVEYOR_COMMAND_URL: platform.commandApi, CONVEYOR_QUERY_URL: platform.queryApi, CONVEYOR_API_KEY: platform.apiKey,
    });
    let out = '';
    submit.stdout?.on('data', (chunk: Buffer) => { out += chunk.toString(); });
    submit.stderr?.on('data', (chunk: Buffer) => { out += chunk.toString(); });
    const code = await new Promise<number | null>((resolve) => submit.once('exit', resolve));
    expect({ code, out }).toEqual({ code: 0, out: expect.stringContaining('succeeded') });
    const jobId = /submitted job (\S+)/.exec(out)?.[1];
    expect(jobId).toBeDefined();

    const job = await client.get(jobId!);
    expect(job.status).toBe('succeeded');
    const result = job.result as { page: string; checked: number; broken: Array<{ url: string; status?: number; error?: string }> };
    expect(result.page).toBe(`${siteUrl}/`);
    // /ok and /ok#section are one link; mailto: is not checked.
    expect(result.checked).toBe(6);
    expect(result.broken).toEqual(expect.arrayContaining([
      { url: `${siteUrl}/missing`, status: 404 },
      { url: `${siteUrl}/broken`, status: 500 },
      { url: 'http://127.0.0.1:1/nowhere', error: expect.any(String) },
    ]));
    expect(result.broken).toHaveLength(3);

    const detail = await client.waitFor(jobId!);
    const progress = detail.timeline.filter((e) => e.eventType === 'JobProgressed');
    expect(progress.length).toBeGreaterThanOrEqual(1);
    // Reports are coalesced to one a second; the last one, all links checked, is always sent.
    expect(progress.at(-1)?.data).toMatchObject({ fraction: 1, message: '6/6 links checked' });
    const logged = detail.timeline.filter((e) => e.eventType === 'JobLogged').map((e) => e.data);
    expect(logged).toEqual(expect.arrayContaining([
      expect.objectContaining({ level: 'info', message: 'links found' }),
      expect.objectContaining({ level: 'warn', message: 'broken link' }),
    ]));
  });
});
