import { EventEmitter } from 'node:events';
import type { Kafka } from 'kafkajs';
import { createConsumerRunner } from './runConsumer';

const events = { GROUP_JOIN: 'consumer.group_join', CRASH: 'consumer.crash' } as const;

/** A kafkajs stand-in: each `consumer()` is a fake that records its calls and can be made to crash. */
function fakeKafka() {
  const consumers: Array<{ config: Record<string, unknown>; emitter: EventEmitter; runs: number; paused: string[]; disconnected: boolean }> = [];
  const kafka = {
    consumer(config: Record<string, unknown>) {
      const state = { config, emitter: new EventEmitter(), runs: 0, paused: [] as string[], disconnected: false };
      consumers.push(state);
      return {
        events,
        on: (name: string, listener: (e: unknown) => void) => state.emitter.on(name, listener),
        connect: async () => undefined,
        subscribe: async () => undefined,
        run: async () => {
          state.runs++;
          state.emitter.emit(events.GROUP_JOIN, { payload: { memberAssignment: { t: [0] } } });
        },
        disconnect: async () => void (state.disconnected = true),
        pause: (ts: Array<{ topic: string }>) => state.paused.push(...ts.map((t) => t.topic)),
        resume: () => undefined,
        commitOffsets: async () => undefined,
      };
    },
  } as unknown as Kafka;
  const crash = (i: number, restart: boolean) => consumers[i]!.emitter.emit(events.CRASH, { payload: { error: new Error('connect ECONNREFUSED'), restart } });
  return { kafka, consumers, crash };
}

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const metrics = { kafkaConsumed: { inc: () => undefined }, consumerLag: { set: () => undefined } };
/** A runner of group `g` over topic `t` whose handler does nothing. */
const runnerOf = (kafka: Kafka) => createConsumerRunner({
  kafka, groupId: 'g', logger: quiet, metrics, recreateDelayMs: 10,
  sources: [{ topic: 't', serde: { decode: async <T>() => ({ type: 'A', data: {} as T, schemaId: 1 }) }, eventTypes: ['A'] }],
  handle: async () => undefined,
});
const waitFor = async (ok: () => boolean) => {
  const deadline = Date.now() + 2_000;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('consumer runner under a broker outage (issue 14, defect 5)', () => {
  it('given a consumer that kafkajs will not restart, when it crashes, then the runner re-creates it, paused topics still paused, and readiness tells meanwhile', async () => {
    const { kafka, consumers, crash } = fakeKafka();
    const runner = runnerOf(kafka);
    await runner.start();
    runner.pause(['t']);
    expect(runner.health()).toMatchObject({ joined: true, crashes: 0 });

    crash(0, false);
    expect(runner.health()).toMatchObject({ joined: false, crashes: 1, lastError: 'connect ECONNREFUSED' });
    await waitFor(() => consumers.length === 2 && consumers[1]!.runs === 1);

    expect(consumers[0]!.disconnected).toBe(true);
    expect(consumers[1]!.paused).toEqual(['t']);
    expect(runner.health()).toMatchObject({ joined: true, crashes: 1 });
    await runner.stop();
  });

  it('leaves restarts that kafkajs makes to kafkajs, and creates members that fail over fast and retry without limit', async () => {
    const { kafka, consumers, crash } = fakeKafka();
    const runner = runnerOf(kafka);
    await runner.start();
    crash(0, true);
    await new Promise((r) => setTimeout(r, 30));
    expect(consumers).toHaveLength(1);
    expect(consumers[0]!.config).toMatchObject({ sessionTimeout: 6_000, heartbeatInterval: 1_000, retry: { retries: Number.MAX_SAFE_INTEGER, maxRetryTime: 2_000 } });
    await runner.stop();
  });
});
