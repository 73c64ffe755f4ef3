/**
 * `@conveyor/client` against the whole platform (issue 12, item 5): submit, read, list page by page,
 * cancel, dead letters, job types, and `waitFor` on the query API's live stream — resolving on the
 * change into the awaited status, resuming with `Last-Event-ID` after a dropped connection, rejecting
 * on its timeout — and problems as typed `ConveyorProblemError`s. On a topic prefix of this file.
 */
import { randomBytes } from 'node:crypto';
import { createLogger } from '@conveyor/runtime';
import { ConveyorProblemError, createClient, WaitTimeoutError, type ConveyorClient } from '@conveyor/client';
import { stackEndpoints, waitFor } from '@conveyor/testing';
import { startInProcessPlatform, type InProcessPlatform } from '../src';

let platform: InProcessPlatform;
let client: ConveyorClient;

beforeAll(async () => {
  platform = await startInProcessPlatform({ endpoints: stackEndpoints(), logger: createLogger({ service: 'client-test', level: 'silent' }), topicPrefix: `cli${randomBytes(3).toString('hex')}.` });
  client = createClient({ commandUrl: platform.commandApi, queryUrl: platform.queryApi, apiKey: platform.apiKey });
}, 180_000);

afterAll(async () => {
  await platform?.stop();
});

/** A word found by `q` in the payloads of this test's jobs only. */
const marker = () => `clientmark${randomBytes(5).toString('hex')}`;

describe('@conveyor/client', () => {
  it('submits a job and waitFor resolves with it finished, read after the submission\'s position', async () => {
    const submitted = await client.submit({ type: 'noop', payload: { note: 'client test' } });
    expect(submitted).toMatchObject({ status: 'accepted', jobId: expect.any(String), position: expect.any(String) });

    const job = await client.waitFor(submitted.jobId, { after: submitted.position });

    expect(job).toMatchObject({ jobId: submitted.jobId, status: 'succeeded', result: { ok: true } });
    expect(job.timeline.map((e) => e.eventType)).toEqual(expect.arrayContaining(['JobSubmitted', 'JobStarted', 'JobSucceeded']));
    expect(await client.get(submitted.jobId)).toMatchObject({ jobId: submitted.jobId, status: 'succeeded' });
  });

  it('submits a batch and lists it page by page with the cursor', async () => {
    const word = marker();
    const batch = await client.submitBatch([1, 2, 3].map((n) => ({ type: 'noop', payload: { note: word, n } })));
    expect(batch.jobIds).toHaveLength(3);

    const first = await client.list({ q: word, limit: 2, after: batch.position });
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await client.list({ q: word, limit: 2, cursor: first.nextCursor ?? undefined });
    const listed = [...first.items, ...second.items].map((j) => j.jobId);
    expect(listed.sort()).toEqual([...batch.jobIds].sort());

    const all: string[] = [];
    for await (const job of client.listAll({ q: word, limit: 1, type: ['noop'] })) all.push(job.jobId);
    expect(all.sort()).toEqual([...batch.jobIds].sort());
  });

  it('waits for a running job, cancels it, and waitFor resolves with it cancelled', async () => {
    const submitted = await client.submit({ type: 'sleep', payload: { ms: 600_000 }, timeoutMs: 900_000 });
    expect(await client.waitFor(submitted.jobId, { status: 'running', after: submitted.position })).toMatchObject({ status: 'running' });

    const cancelled = await client.cancel(submitted.jobId, { reason: 'client test' });
    expect(cancelled).toMatchObject({ jobId: submitted.jobId, status: 'cancel-accepted' });

    expect(await client.waitFor(submitted.jobId)).toMatchObject({ jobId: submitted.jobId, status: 'cancelled' });
  });

  it('resumes the stream with Last-Event-ID after the connection drops, and still sees the terminal change', async () => {
    const streamRequests: Array<string | null> = [];
    const cutting = createClient({
      commandUrl: platform.commandApi, queryUrl: platform.queryApi, apiKey: platform.apiKey,
      // The first stream connection is cut right after its first event; later ones pass through.
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
        if (!url.includes('/v1/stream')) return response;
        streamRequests.push(new Headers(init?.headers).get('last-event-id'));
        return streamRequests.length === 1 ? cutAfterFirstEvent(response) : response;
      },
    });
    const submitted = await cutting.submit({ type: 'sleep', payload: { ms: 1_500 } });

    const job = await cutting.waitFor(submitted.jobId, { after: submitted.position });

    expect(job).toMatchObject({ jobId: submitted.jobId, status: 'succeeded' });
    expect(streamRequests.length).toBeGreaterThanOrEqual(2);
    expect(streamRequests[0]).toBeNull();
    expect(streamRequests[1]).toMatch(/^[0-9a-z]+-\d+$/);
  });

  it('rejects waitFor with a WaitTimeoutError naming the last status when the job does not get there in time', async () => {
    const submitted = await client.submit({ type: 'noop', payload: {}, runAt: new Date(Date.now() + 3_600_000).toISOString() });

    const waiting = client.waitFor(submitted.jobId, { timeoutMs: 1_000, after: submitted.position });

    await expect(waiting).rejects.toBeInstanceOf(WaitTimeoutError);
    await expect(waiting).rejects.toMatchObject({ jobId: submitted.jobId, timeoutMs: 1_000, lastStatus: 'scheduled' });
    await client.cancel(submitted.jobId);
  });

  it('rejects waitFor with the caller\'s reason when its signal aborts', async () => {
    const submitted = await client.submit({ type: 'noop', payload: {}, runAt: new Date(Date.now() + 3_600_000).toISOString() });
    const controller = new AbortController();
    const waiting = client.waitFor(submitted.jobId, { signal: controller.signal });
    controller.abort(new Error('no longer needed'));
    await expect(waiting).rejects.toThrow('no longer needed');
    await client.cancel(submitted.jobId);
  });

  it('surfaces a payload its type refuses as a 422 ConveyorProblemError with the field\'s JSON pointer', async () => {
    const refused = await client.submit({ type: 'sleep', payload: { ms: 'soon' } }).catch((err: unknown) => err);

    expect(refused).toBeInstanceOf(ConveyorProblemError);
    expect(refused).toMatchObject({ status: 422, code: 'UNPROCESSABLE', title: expect.any(String), type: expect.any(String) });
    expect((refused as ConveyorProblemError).errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: '/payload/ms' })]));
  });

  it('surfaces an unknown job as a 404 problem, and a missing credential as a 401 it reports', async () => {
    await expect(client.get('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ name: 'ConveyorProblemError', status: 404, code: 'NOT_FOUND' });
    let unauthorized = 0;
    const anonymous = createClient({ commandUrl: platform.commandApi, queryUrl: platform.queryApi, onUnauthorized: () => { unauthorized += 1; } });
    await expect(anonymous.list()).rejects.toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    expect(unauthorized).toBe(1);
  });

  it('reports an API it cannot reach as a status-0 problem', async () => {
    const nowhere = createClient({ commandUrl: 'http://127.0.0.1:9', queryUrl: 'http://127.0.0.1:9', apiKey: platform.apiKey });
    await expect(nowhere.jobTypes()).rejects.toMatchObject({ name: 'ConveyorProblemError', status: 0, title: 'Cannot reach the command API' });
  });

  it('lists a dead job\'s letter and requeues it', async () => {
    const word = marker();
    const submitted = await client.submit({ type: 'fail', payload: { message: word, retriable: false } });
    expect(await client.waitFor(submitted.jobId, { status: 'dead', after: submitted.position })).toMatchObject({ status: 'dead' });

    // The dead-letter projection follows the jobs one: poll the list until the letter is in.
    const letter = await waitFor(async () => (await client.deadLetters.list({ type: 'fail', limit: 100 })).items.find((l) => l.jobId === submitted.jobId), { what: 'the dead letter' });
    expect(letter).toMatchObject({ status: 'dead', cause: 'non_retriable' });

    const requeued = await client.deadLetters.requeue(letter.id, { reason: 'client test' });
    expect(requeued).toMatchObject({ jobId: submitted.jobId, deadLetterId: letter.id });
    // The dead-letter commands answer no Conveyor-Position: poll the timeline.
    await waitFor(async () => (await client.get(submitted.jobId)).timeline.some((e) => e.eventType === 'JobRequeued'), { what: 'JobRequeued' });
  });

  it('lists the job types with their payload schemas', async () => {
    const types = await client.jobTypes();
    expect(types).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'sleep', payloadSchema: expect.objectContaining({ type: 'object' }) })]));
  });
});

/** A response whose body ends right after the first complete `id:` frame (a dropped connection). */
function cutAfterFirstEvent(response: Response): Response {
  const reader = response.body!.getReader();
  let text = '';
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await reader.read();
      if (done) return controller.close();
      controller.enqueue(value);
      text += new TextDecoder().decode(value);
      if (/^id: .+$/m.test(text) && text.endsWith('\n\n')) {
        await reader.cancel();
        controller.close();
      }
    },
  });
  return new Response(body, { status: response.status, headers: response.headers });
}
