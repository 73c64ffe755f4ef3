/**
 * Issue 12, items 4 and 8: a handler's `ctx.progress` and `ctx.log` reach a client live. The whole platform
 * runs in this process; a worker of this test (`startWorker`) serves a type of its own on a queue of its own.
 * Its handler works in steps the test releases one by one, so each step's reports are in before the next
 * begins. The test follows `GET /v1/stream?jobId=…` over HTTP and, after each change the stream announces,
 * reads `GET /v1/jobs/{id}`: the progress only rises, and the timeline holds each step's JobProgressed and
 * JobLogged with their fields. The job id is the command API's, so the stream opens after the 202, while the
 * handler still waits for the test's first release, before it reports anything.
 */
import { z } from 'zod';
import { createLogger } from '@conveyor/runtime';
import { authHeaders, stackEndpoints, uniqueName, waitFor } from '@conveyor/testing';
import { defineJobType, startWorker, type Worker } from '@conveyor/worker';
import { startInProcessPlatform, type InProcessPlatform } from '../src';

const endpoints = stackEndpoints();
const logger = createLogger({ service: 'progress-sse-test', level: 'warn' });
const steps = 4;
const stepType = uniqueName('report.steps');
const queue = uniqueName('steps');

/** One gate per step: the handler waits at step i until the test opens gate i. */
function createGates(count: number) {
  const opens: Array<() => void> = [];
  const gates = Array.from({ length: count }, () => new Promise<void>((resolve) => { opens.push(resolve); }));
  return { wait: (i: number) => gates[i]!, open: (i: number) => opens[i]!() };
}
const gates = createGates(steps);

const stepsType = defineJobType({
  type: stepType, description: 'Reports progress and a log line per step, each step released by the test', sideEffects: false, queue,
  payload: z.object({ items: z.number().int().min(1) }),
  run: async ({ items }, ctx) => {
    await gates.wait(0);
    for (let step = 1; step <= steps; step++) {
      ctx.log('info', `step ${step} done`, { step, items });
      ctx.progress(step / steps, `step ${step} of ${steps}`);
      if (step < steps) await gates.wait(step);
    }
    return { items };
  },
});

interface Frame { event: string; data: string }
interface TimelineEntry { eventType: string; data: Record<string, unknown> }
interface JobDetail { status: string; progress: number | null; progressMessage: string | null; timeline: TimelineEntry[] }

/** Follows an SSE response: its frames (event and data), as they arrive. */
function followFrames(body: ReadableStream<Uint8Array>) {
  const frames: Frame[] = [];
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  const reading = (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true as const }));
      if (done) return;
      buffered += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffered.indexOf('\n\n')) >= 0) {
        const lines = buffered.slice(0, end).split('\n');
        buffered = buffered.slice(end + 2);
        const field = (name: string) => lines.filter((l) => l.startsWith(`${name}:`)).map((l) => l.slice(name.length + 1).trimStart()).join('\n');
        if (field('event')) frames.push({ event: field('event'), data: field('data') });
      }
    }
  })();
  return { frames, stop: async () => { await reader.cancel().catch(() => undefined); await reading; } };
}

describe('progress and log lines over SSE', () => {
  let platform: InProcessPlatform;
  let worker: Worker;

  beforeAll(async () => {
    // The command API reads the catalog again every half second, so the worker's type is accepted soon after it is projected.
    platform = await startInProcessPlatform({ endpoints, logger, env: { JOB_TYPE_CATALOG_REFRESH_MS: '500' } });
    worker = await startWorker({
      jobTypes: [stepsType], logger,
      env: { KAFKA_BROKERS: endpoints.kafkaBrokers.join(','), SCHEMA_REGISTRY_URL: endpoints.registryUrl, DATABASE_URL: endpoints.databaseUrl, TOPIC_PREFIX: platform.topicPrefix, LOG_LEVEL: 'warn' },
    });
  }, 180_000);

  afterAll(async () => {
    for (let i = 0; i < steps; i++) gates.open(i);
    await worker?.stop();
    await platform?.stop();
  });

  const job = async (jobId: string): Promise<JobDetail> => {
    const res = await fetch(`${platform.queryApi}/v1/jobs/${jobId}`, { headers: authHeaders(platform.apiKey) });
    expect(res.status).toBe(200);
    return await res.json() as JobDetail;
  };

  it('announces each step of a running job, after which the job shows the progress risen and the step\'s JobProgressed and JobLogged', async () => {
    // 1. Submit once the command API knows the worker's type.
    const jobId = await waitFor(async () => {
      const res = await fetch(`${platform.commandApi}/v1/jobs`, {
        method: 'POST', headers: { ...authHeaders(platform.apiKey), 'content-type': 'application/json' }, body: JSON.stringify({ type: stepType, payload: { items: 12 } }),
      });
      return res.status === 202 ? ((await res.json()) as { jobId: string }).jobId : undefined;
    }, { timeoutMs: 60_000, what: `${stepType} accepted by the command API` });

    // 2. Follow the job's changes (the handler waits for gate 0: nothing is reported yet).
    const stream = await fetch(`${platform.queryApi}/v1/stream?jobId=${jobId}`, { headers: { ...authHeaders(platform.apiKey), accept: 'text/event-stream' } });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const { frames, stop } = followFrames(stream.body!);
    try {
      gates.open(0);
      // 3. Each step: read the job after every announced change until the step's reports are in; the progress never falls.
      let read = 0;
      let last = 0;
      for (let step = 1; step <= steps; step++) {
        const fraction = step / steps;
        const detail = await waitFor(async () => {
          const frame = frames[read];
          if (!frame) return undefined;
          read++;
          expect(frame.event).toBe('job');
          expect(JSON.parse(frame.data)).toMatchObject({ jobId, type: stepType });
          const current = await job(jobId);
          expect(current.progress ?? 0).toBeGreaterThanOrEqual(last);
          last = current.progress ?? 0;
          return current.progress === fraction ? current : undefined;
        }, { timeoutMs: 60_000, what: `a change announced after step ${step}, the job at ${fraction}` });
        expect(detail.progressMessage).toBe(`step ${step} of ${steps}`);
        if (step < steps) expect(detail.status).toBe('running');
        expect(detail.timeline.filter((e) => e.eventType === 'JobProgressed').map((e) => e.data)).toContainEqual(
          expect.objectContaining({ attempt: 1, fraction, message: `step ${step} of ${steps}` }),
        );
        expect(detail.timeline.filter((e) => e.eventType === 'JobLogged').map((e) => e.data)).toContainEqual(
          expect.objectContaining({ attempt: 1, level: 'info', message: `step ${step} done`, fields: { step, items: 12 } }),
        );
        if (step < steps) gates.open(step);
      }

      // 4. The job ends succeeded, announced on the same stream, keeping its last progress.
      await waitFor(() => frames.some((f) => (JSON.parse(f.data) as { status?: string }).status === 'succeeded'), { timeoutMs: 60_000, what: 'JobSucceeded announced' });
      const done = await job(jobId);
      expect(done).toMatchObject({ status: 'succeeded', progress: 1, progressMessage: `step ${steps} of ${steps}` });
      const reports = done.timeline.filter((e) => e.eventType === 'JobProgressed').map((e) => e.data.fraction);
      expect(reports).toEqual([...reports].sort((a, b) => Number(a) - Number(b)));
      expect(reports.at(-1)).toBe(1);
    } finally {
      await stop();
    }
  }, 240_000);
});
