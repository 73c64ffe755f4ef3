import type { Producer, ProducerBatch } from 'kafkajs';
import { createBatchingPublisher } from './batchingPublisher';

/** A producer stand-in that records each sendBatch and lets the test acknowledge or fail it. */
function recordingProducer() {
  const calls: Array<{ batch: ProducerBatch; ack: () => void; fail: (e: unknown) => void }> = [];
  const producer = {
    sendBatch: (batch: ProducerBatch) => new Promise((resolve, reject) => calls.push({ batch, ack: () => resolve([]), fail: reject })),
  } as unknown as Producer;
  return { producer, calls };
}

const msg = (topic: string, key: string) => ({ topic, message: { key, value: Buffer.from(key) } });
const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

describe('createBatchingPublisher', () => {
  it('merges publishes within the linger window into one acks=all sendBatch', async () => {
    const { producer, calls } = recordingProducer();
    const p = createBatchingPublisher({ producer, lingerMs: 2 });
    let settled = 0;
    const done = [p.publish([msg('a', '1')]), p.publish([msg('a', '2'), msg('b', '3')])].map((d) => d.then(() => { settled += 1; }));
    await tick();
    expect(calls).toHaveLength(1);
    expect(calls[0]!.batch.acks).toBe(-1);
    expect(calls[0]!.batch.topicMessages?.map((t) => [t.topic, t.messages.length])).toEqual([['a', 2], ['b', 1]]);
    await tick();
    expect(settled).toBe(0); // nobody settles before the acknowledgement
    calls[0]!.ack();
    await Promise.all(done);
    expect(settled).toBe(2);
  });

  it('settles each caller only when its own batch is acknowledged; the next batch fills meanwhile', async () => {
    const { producer, calls } = recordingProducer();
    const p = createBatchingPublisher({ producer, lingerMs: 1 });
    let firstDone = false;
    let secondDone = false;
    void p.publish([msg('a', '1')]).then(() => { firstDone = true; });
    await tick();
    void p.publish([msg('a', '2')]).then(() => { secondDone = true; });
    void p.publish([msg('a', '3')]);
    await tick();
    expect(calls).toHaveLength(1); // one in flight at a time
    calls[0]!.ack();
    await tick();
    expect(firstDone).toBe(true);
    expect(secondDone).toBe(false);
    expect(calls).toHaveLength(2);
    expect(calls[1]!.batch.topicMessages?.[0]?.messages).toHaveLength(2);
    calls[1]!.ack();
    await tick();
    expect(secondDone).toBe(true);
  });

  it('rejects every caller of a failed batch', async () => {
    const { producer, calls } = recordingProducer();
    const p = createBatchingPublisher({ producer, lingerMs: 1 });
    const a = p.publish([msg('a', '1')]);
    const b = p.publish([msg('a', '2')]);
    await tick();
    calls[0]!.fail(new Error('broker down'));
    await expect(a).rejects.toThrow('broker down');
    await expect(b).rejects.toThrow('broker down');
  });

  it('flushes at once when maxBatchMessages are waiting', async () => {
    const { producer, calls } = recordingProducer();
    const p = createBatchingPublisher({ producer, lingerMs: 1000, maxBatchMessages: 3 });
    void p.publish([msg('a', '1'), msg('a', '2'), msg('a', '3')]);
    await tick(1);
    expect(calls).toHaveLength(1);
  });
});
