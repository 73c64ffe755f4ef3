import { randomUUID } from 'node:crypto';
import { deadLetterSchemas, type DeadLetter, type JobRequeued } from '@conveyor/events';
import { createEventSerde } from '@conveyor/kafka';
import { stackEndpoints, waitFor } from '@conveyor/testing';
import { createSemanticsHarness, type SemanticsHarness } from './jobSemanticsHarness';

/** Issue "Job semantics", item 3: dead letters with cause and origin, poison messages, requeue. */
describe('dead letters (dispatcher + executor + projectors in-process)', () => {
  let h: SemanticsHarness;
  beforeAll(async () => {
    h = await createSemanticsHarness();
    await h.start();
  });
  afterAll(async () => h?.close());

  const letterOf = (jobId: string) => waitFor(() => h.letters.find((l) => l.jobId === jobId), { timeoutMs: 20_000, what: `the dead letter of ${jobId}` });
  const rowOf = (id: string) => waitFor(async () => (await h.pool.query('select * from dead_letters where id = $1', [id])).rows[0], { timeoutMs: 20_000, what: `dead_letters row ${id}` });
  // The dead-letter projector's fetches wait up to 250 ms for data (sparseFetch): a status it sets is waited for.
  const rowWith = (id: string, status: string) => waitFor(
    async () => (await h.pool.query('select * from dead_letters where id = $1 and status = $2', [id, status])).rows[0],
    { timeoutMs: 20_000, what: `dead_letters row ${id} ${status}` },
  );
  const jobRow = (jobId: string, status: string) => waitFor(async () => (await h.pool.query('select * from jobs where job_id = $1 and status = $2', [jobId, status])).rows[0], { timeoutMs: 20_000, what: `job ${jobId} ${status}` });

  it('a job that used its attempts: JobRetryScheduled (attempt, error, next run), JobFailed, JobDeadLettered and a dead letter with origin', async () => {
    const job = await h.submit('fail', { message: 'always' }, { maxAttempts: 2, backoff: { kind: 'fixed', delayMs: 300, maxDelayMs: 300 } });
    const letter = await letterOf(job.meta.jobId);
    expect(h.of(job.meta.jobId).map((s) => s.type)).toEqual(['JobSubmitted', 'JobStarted', 'JobRetryScheduled', 'JobStarted', 'JobFailed', 'JobDeadLettered']);
    const retry = h.of(job.meta.jobId, 'JobRetryScheduled')[0]!.data;
    expect(retry).toMatchObject({ attempt: 1, error: { message: 'always', code: 'FAIL', retriable: true } });
    expect(retry.nextRunAt as number - retry.meta.occurredAt).toBe(300);
    const second = h.of(job.meta.jobId, 'JobStarted')[1]!.data;
    expect(second.meta.occurredAt).toBeGreaterThanOrEqual(retry.nextRunAt as number);
    const dead = h.of(job.meta.jobId, 'JobDeadLettered')[0]!.data;
    expect(dead).toMatchObject({ attempt: 2, cause: 'attempts_exhausted', originTopic: h.topics.work.normal, originPartition: expect.any(Number), originOffset: expect.stringMatching(/^\d+$/) });
    expect(letter).toMatchObject({
      deadLetterId: dead.meta.eventId, type: 'fail', cause: 'attempts_exhausted', attempts: 2, error: { code: 'FAIL' },
      originTopic: h.topics.work.normal, originOffset: dead.originOffset, payloadJson: '{"message":"always"}', rawValueBase64: null,
    });
    expect(await rowOf(letter.deadLetterId)).toMatchObject({ job_id: job.meta.jobId, status: 'dead', cause: 'attempts_exhausted', attempts: 2, payload: { message: 'always' } });
    expect(await jobRow(job.meta.jobId, 'dead')).toMatchObject({ attempts: 2 });
  });

  it('a non-retriable error skips the remaining attempts: cause non_retriable', async () => {
    const job = await h.submit('fail', { retriable: false }, { maxAttempts: 5 });
    expect(await letterOf(job.meta.jobId)).toMatchObject({ cause: 'non_retriable', attempts: 1, error: { code: 'FAIL_NON_RETRIABLE', retriable: false } });
  });

  it('an unknown job type: cause unknown_type', async () => {
    const job = await h.submit('no.such.type', {}, { maxAttempts: 3 });
    expect(await letterOf(job.meta.jobId)).toMatchObject({ cause: 'unknown_type', attempts: 1, error: { code: 'UNKNOWN_TYPE' } });
  });

  it('poison messages on job-events and on a work topic are dead-lettered with their bytes; nothing stalls', async () => {
    const bytes = Buffer.from('not avro at all');
    const unknownSchema = Buffer.concat([Buffer.from([0, 0x7f, 0xff, 0xff, 0xf0]), Buffer.from('x')]);
    await h.publishRaw(h.topics.jobEvents, bytes);
    await h.publishRaw(h.topics.work.high, unknownSchema);
    const fromEvents = await waitFor(() => h.letters.find((l) => l.cause === 'poison_message' && l.originTopic === h.topics.jobEvents), { timeoutMs: 20_000, what: 'the job-events poison letter' });
    const fromWork = await waitFor(() => h.letters.find((l) => l.cause === 'poison_message' && l.originTopic === h.topics.work.high), { timeoutMs: 20_000, what: 'the work poison letter' });
    expect(Buffer.from(fromEvents.rawValueBase64 ?? '', 'base64')).toEqual(bytes);
    expect(Buffer.from(fromWork.rawValueBase64 ?? '', 'base64')).toEqual(unknownSchema);
    expect(fromEvents).toMatchObject({ jobId: null, attempts: 0, error: { code: 'POISON_MESSAGE' } });
    // The dispatcher and the projector both read the job-events one: the same dead letter (id from the origin), one row.
    expect(await rowOf(fromEvents.deadLetterId)).toMatchObject({ status: 'dead', cause: 'poison_message', raw_value: bytes.toString('base64') });
    const after = await h.submit('noop', {}, { priority: 'high' });
    await waitFor(() => h.of(after.meta.jobId, 'JobSucceeded')[0], { timeoutMs: 20_000, what: 'a job after the poison' });
    await jobRow(after.meta.jobId, 'succeeded'); // the projector went on too
  });

  it('JobRequeued puts a dead job back to work at its next attempt, with a fresh attempt budget; the letter is marked requeued', async () => {
    const job = await h.submit('fail', { times: 2 }, { maxAttempts: 1 });
    const jobId = job.meta.jobId;
    const letter = await letterOf(jobId);
    await jobRow(jobId, 'dead');
    const requeue: JobRequeued = { meta: h.meta(jobId), attempt: 2, by: 'ops@test', reason: 'fixed', deadLetterId: letter.deadLetterId, redriveCount: 1 };
    await h.publish([{ type: 'JobRequeued', data: requeue }]);
    // attempt 2 fails again (times: 2) and, with the budget renewed to maxAttempts (1) from attempt 2, dies again at 2.
    const second = await waitFor(() => h.letters.find((l) => l.jobId === jobId && l.attempts === 2), { timeoutMs: 20_000, what: 'the second death' });
    expect(second.deadLetterId).not.toBe(letter.deadLetterId);
    expect(await rowWith(letter.deadLetterId, 'requeued')).toMatchObject({ status: 'requeued', requeue_count: 1, last_action_by: 'ops@test' });
    await h.publish([{ type: 'JobRequeued', data: { ...requeue, meta: h.meta(jobId), attempt: 3, deadLetterId: second.deadLetterId, redriveCount: 2 } }]);
    await waitFor(() => h.of(jobId, 'JobSucceeded')[0], { timeoutMs: 20_000, what: 'the success at attempt 3' });
    expect(h.of(jobId, 'JobSucceeded')[0]!.data).toMatchObject({ attempt: 3 });
    expect(await jobRow(jobId, 'succeeded')).toMatchObject({ attempts: 3 });
    expect(await rowWith(second.deadLetterId, 'requeued')).toMatchObject({ status: 'requeued', requeue_count: 2 });
  });

  it('a requeue of an unknown dead letter leaves a status-only row, completed when the letter arrives (any order)', async () => {
    const id = randomUUID();
    const jobId = randomUUID();
    await h.publish([{ type: 'JobRequeued', data: { meta: h.meta(jobId), attempt: 2, by: 'ops', reason: null, deadLetterId: id, redriveCount: 1 } }]);
    expect(await rowOf(id)).toMatchObject({ status: 'requeued', cause: null });
    // The letter itself arrives later, on the other topic: it fills the row's content and keeps the status.
    const letter: DeadLetter = {
      deadLetterId: id, jobId, type: 'fail', cause: 'non_retriable', error: { message: 'late', code: 'LATE', retriable: false }, attempts: 1,
      originTopic: h.topics.work.normal, originPartition: 0, originOffset: '7', payloadJson: '{"late":true}', rawValueBase64: null, occurredAt: Date.now(),
    };
    const serde = createEventSerde({ registryUrl: stackEndpoints().registryUrl, topic: h.topics.deadLetters, schemas: deadLetterSchemas });
    await serde.registerAll();
    await h.publishRaw(h.topics.deadLetters, await serde.encode('DeadLetter', letter), jobId);
    const completed = await waitFor(async () => {
      const row = (await h.pool.query('select * from dead_letters where id = $1', [id])).rows[0];
      return row?.cause ? row : undefined;
    }, { timeoutMs: 20_000, what: 'the letter to complete the row' });
    expect(completed).toMatchObject({ job_id: jobId, status: 'requeued', cause: 'non_retriable', attempts: 1, requeue_count: 1, last_action_by: 'ops', payload: { late: true } });
  });
});
