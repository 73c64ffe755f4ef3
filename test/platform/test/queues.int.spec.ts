/**
 * Queues on the read side (issue 12, item 3): GET /v1/queues (query API) lists the queue of the built-in job types
 * with the platform's worker serving it, and follows a pause and a resume over the command API (read your own
 * writes: `?after=` the answer's Conveyor-Position). The whole platform runs in this process on a topic prefix of its own.
 */
import { createLogger } from '@conveyor/runtime';
import { stackEndpoints, waitFor } from '@conveyor/testing';
import { startInProcessPlatform, type InProcessPlatform } from '../src';

const endpoints = stackEndpoints();
const logger = createLogger({ service: 'queues-test', level: 'warn' });

interface QueueItem {
  queue: string; paused: boolean; changedAt: string | null; changedBy: string | null;
  workers: Array<{ workerId: string; queues: string[] }>; types: string[]; waiting: number; finishedLastHour: number;
}

describe('queues on the read side', () => {
  let platform: InProcessPlatform;
  const headers = () => ({ authorization: `Bearer ${platform.apiKey}`, 'content-type': 'application/json' });
  const queues = async (after?: string): Promise<QueueItem[]> => {
    const res = await fetch(`${platform.queryApi}/v1/queues${after ? `?after=${encodeURIComponent(after)}` : ''}`, { headers: headers() });
    expect(res.status).toBe(200);
    return ((await res.json()) as { items: QueueItem[] }).items;
  };
  const queueNamed = async (name: string, after?: string) => (await queues(after)).find((q) => q.queue === name);
  /** Pauses or resumes over the command API; answers the Conveyor-Position of the fact. */
  const command = async (queue: string, action: 'pause' | 'resume', body: unknown = {}): Promise<string> => {
    const res = await fetch(`${platform.commandApi}/v1/queues/${queue}/${action}`, { method: 'POST', headers: headers(), body: JSON.stringify(body) });
    expect(res.status).toBe(200);
    return res.headers.get('conveyor-position') as string;
  };

  beforeAll(async () => {
    platform = await startInProcessPlatform({ endpoints, logger });
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('lists the built-in types\' queue, running, with the worker that serves it', async () => {
    const queue = await waitFor(async () => {
      const q = await queueNamed('default');
      return q && q.workers.length > 0 ? q : undefined;
    }, { what: 'the default queue with its worker' });
    expect(queue).toMatchObject({ paused: false, changedAt: null, changedBy: null });
    expect(queue.types).toContain('noop');
    expect(queue.workers[0]?.queues).toContain('default');
  });

  it('shows a queue paused over the command API as paused, and running again once resumed', async () => {
    const paused = await command('default', 'pause', { reason: 'maintenance' });
    expect(paused).toBeTruthy();
    const whilePaused = await queueNamed('default', paused);
    expect(whilePaused).toMatchObject({ paused: true, changedBy: expect.any(String) });
    expect(whilePaused?.changedAt).not.toBeNull();

    const resumed = await command('default', 'resume');
    expect(await queueNamed('default', resumed)).toMatchObject({ paused: false });
  });

  it('counts a job of its types waiting while the queue is paused, and finished once it is resumed', async () => {
    await queueNamed('default', await command('default', 'pause'));
    const submitted = await fetch(`${platform.commandApi}/v1/jobs`, { method: 'POST', headers: headers(), body: JSON.stringify({ type: 'noop', payload: {} }) });
    expect(submitted.status).toBe(202);
    const { jobId } = (await submitted.json()) as { jobId: string };
    const job = async () => ((await (await fetch(`${platform.queryApi}/v1/jobs/${jobId}`, { headers: headers() })).json()) as { status?: string }).status;
    await waitFor(async () => (await job()) === 'queued', { what: 'the job projected as queued' });
    expect((await queueNamed('default'))?.waiting).toBeGreaterThanOrEqual(1);

    await queueNamed('default', await command('default', 'resume'));
    await waitFor(async () => (await job()) === 'succeeded', { what: 'the job finished after the resume' });
    expect((await queueNamed('default'))?.finishedLastHour).toBeGreaterThanOrEqual(1);
  });

  it('shows a queue only the queue states know (paused before any type named it)', async () => {
    const position = await command('reports', 'pause');
    expect(await queueNamed('reports', position)).toMatchObject({ paused: true, types: [], workers: [], waiting: 0 });
  });
});
