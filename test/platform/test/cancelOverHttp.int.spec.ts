import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Partitioners, type Consumer, type PartitionMetadata } from 'kafkajs';
import { eventTypeHeader, jobEventSchemas } from '@conveyor/events';
import { createEventSerde, createKafka, topicNames } from '@conveyor/kafka';
import { createLogger } from '@conveyor/runtime';
import { authHeaders, stackEndpoints, uniqueName, waitFor } from '@conveyor/testing';
import { startInProcessPlatform, type InProcessPlatform } from '../src';

const endpoints = stackEndpoints();
const logger = createLogger({ service: 'cancel-test', level: 'silent' });

interface Received { receivedAt: number; closedAt?: number; req: IncomingMessage }
interface SeenEvent { jobId: string; type: string; partition: number; offset: number }

/**
 * Issue 15: cancelling a running job over HTTP reaches the handler. Through the whole platform: an
 * `http.request` job calls a receiver of this test that never answers, so only an abort can end the attempt;
 * `POST /v1/jobs/{id}/cancel`; the receiver sees the client close its request (the handler's fetch was
 * aborted through its AbortSignal), the job ends `cancelled` with one attempt, and nothing of the aborted
 * attempt reaches the log after the cancellation — read back from Kafka up to a later job whose events share
 * the cancelled job's partition (events are keyed by job id, murmur2 over the partitions, as kafkajs and the
 * Java client do), so everything the executor published for the cancelled job before it is in.
 */
describe('cancel a running job over HTTP', () => {
  let platform: InProcessPlatform;
  let receiver: Server;
  let port: number;
  const received: Received[] = [];
  let collector: Consumer;
  const seen: SeenEvent[] = [];
  const kafka = createKafka({ brokers: endpoints.kafkaBrokers, clientId: 'cancel-test', logger });

  beforeAll(async () => {
    // The receiver holds every request open: it never answers and never closes.
    receiver = createServer((req) => {
      const r: Received = { receivedAt: Date.now(), req };
      received.push(r);
      req.socket.once('close', () => { r.closedAt = Date.now(); });
      req.resume();
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    port = (receiver.address() as AddressInfo).port;
    platform = await startInProcessPlatform({ endpoints, logger, env: { EGRESS_ALLOW_LOOPBACK: 'true' } });
    const topic = topicNames(platform.topicPrefix).jobEvents;
    const serde = createEventSerde({ registryUrl: endpoints.registryUrl, topic, schemas: jobEventSchemas });
    collector = kafka.consumer({ groupId: uniqueName('cancel-test-collector'), maxWaitTimeInMs: 100 });
    await collector.connect();
    await collector.subscribe({ topics: [topic], fromBeginning: true });
    await collector.run({
      eachMessage: async ({ message, partition }) => {
        const { data } = await serde.decode<{ meta: { jobId: string } }>(message.value);
        seen.push({ jobId: data.meta.jobId, type: message.headers?.[eventTypeHeader]?.toString() ?? '', partition, offset: Number(message.offset) });
      },
    });
  }, 180_000);

  afterAll(async () => {
    await collector?.disconnect();
    await platform?.stop();
    receiver?.closeAllConnections();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${platform.commandApi}${path}`, { method: 'POST', headers: { ...authHeaders(platform.apiKey), 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: await res.json() as Record<string, unknown> };
  };
  const job = async (jobId: string) => {
    const res = await fetch(`${platform.queryApi}/v1/jobs/${jobId}`, { headers: authHeaders(platform.apiKey) });
    return res.status === 200 ? await res.json() as { status: string; attempts: number } : undefined;
  };
  const eventsOf = (jobId: string) => seen.filter((e) => e.jobId === jobId);

  it('aborts the handler\'s request, ends cancelled after one attempt, and publishes nothing after the cancellation', async () => {
    // 1. A running attempt: the receiver holds its request.
    const submitted = await post('/v1/jobs', {
      type: 'http.request', payload: { url: `http://127.0.0.1:${port}/hold` }, maxAttempts: 3, timeoutMs: 600_000,
      backoff: { kind: 'fixed', delayMs: 100, maxDelayMs: 100 },
    });
    expect(submitted.status).toBe(202);
    const jobId = submitted.body.jobId as string;
    const request = await waitFor(() => received[0], { timeoutMs: 60_000, what: 'the handler\'s request at the receiver' });
    expect(request.closedAt).toBeUndefined();
    // Cancel a running job: its JobStarted is in the log (a handler may begin just before its JobStarted is
    // acknowledged; a cancel decided then is the cancel of a queued job).
    await waitFor(() => eventsOf(jobId).find((e) => e.type === 'JobStarted'), { timeoutMs: 60_000, what: 'JobStarted in the log' });

    // 2. Cancel over HTTP; the handler's fetch is aborted: its connection closes, from the client's side.
    const cancelled = await post(`/v1/jobs/${jobId}/cancel`, { reason: 'cancel test' });
    expect(cancelled.status).toBe(202);
    const closedAt = await waitFor(() => request.closedAt, { timeoutMs: 60_000, what: 'the receiver\'s request closed by the client' });
    expect(closedAt).toBeGreaterThanOrEqual(request.receivedAt);

    // 3. The job ends cancelled, after exactly one attempt, and was never retried.
    const settled = await waitFor(async () => {
      const j = await job(jobId);
      return j?.status === 'cancelled' ? j : undefined;
    }, { timeoutMs: 60_000, what: 'the job cancelled in the read model' });
    expect(settled.attempts).toBe(1);
    expect(received).toHaveLength(1);

    // 4. Nothing after the cancellation: a marker job on the same partition of the job events, submitted now,
    //    is read back; every event the executor published for the cancelled job is then in.
    const cancelledAt = await waitFor(() => eventsOf(jobId).find((e) => e.type === 'JobCancelled'), { what: 'JobCancelled in the log' });
    const partitionMetadata: PartitionMetadata[] = (await (async () => {
      const admin = kafka.admin();
      await admin.connect();
      try {
        return await admin.fetchTopicOffsets(topicNames(platform.topicPrefix).jobEvents);
      } finally {
        await admin.disconnect();
      }
    })()).map((p) => ({ partitionId: p.partition, leader: 0, replicas: [], isr: [], partitionErrorCode: 0 }));
    const partitionOf = (key: string) => Partitioners.DefaultPartitioner()({ topic: 'job-events', partitionMetadata, message: { key, value: null } });
    expect(partitionOf(jobId)).toBe(cancelledAt.partition); // how keys map to partitions, checked against the log
    let marker: string | undefined;
    for (let i = 0; i < 200 && !marker; i++) {
      const m = await post('/v1/jobs', { type: 'noop', payload: { marker: i } });
      expect(m.status).toBe(202);
      if (partitionOf(m.body.jobId as string) === cancelledAt.partition) marker = m.body.jobId as string;
    }
    expect(marker).toBeDefined();
    const markerDone = await waitFor(() => eventsOf(marker!).find((e) => e.type === 'JobSucceeded'), { timeoutMs: 60_000, what: 'the marker\'s JobSucceeded' });
    expect(markerDone.partition).toBe(cancelledAt.partition);
    expect(markerDone.offset).toBeGreaterThan(cancelledAt.offset);
    const types = eventsOf(jobId).sort((a, b) => a.offset - b.offset).map((e) => e.type);
    expect(types.filter((t) => t === 'JobStarted')).toHaveLength(1);
    expect(types.at(-1)).toBe('JobCancelled');
    expect(types.filter((t) => ['JobSucceeded', 'JobFailed', 'JobRetryScheduled', 'JobDeadLettered'].includes(t))).toEqual([]);
  }, 240_000);
});
