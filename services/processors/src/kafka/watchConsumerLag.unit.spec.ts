import type { Admin } from 'kafkajs';
import type { Logger, Metrics } from '@conveyor/runtime';
import { waitFor } from '@conveyor/testing';
import { watchConsumerLag } from './watchConsumerLag';

/** An admin client whose fetchOffsets answers only when the test says so; it counts what it was asked. */
function slowAdmin() {
  const calls: string[] = [];
  const pending: Array<() => void> = [];
  const admin = {
    fetchOffsets: ({ groupId }: { groupId: string }) => {
      calls.push(`fetchOffsets ${groupId}`);
      return new Promise((resolve) => pending.push(() => resolve([{ topic: 't', partitions: [{ partition: 0, offset: '3' }] }])));
    },
    fetchTopicOffsets: async (topic: string) => {
      calls.push(`fetchTopicOffsets ${topic}`);
      return [{ partition: 0, offset: '10', high: '10', low: '0' }];
    },
  };
  return { admin: admin as unknown as Admin, calls, answer: () => pending.shift()?.() };
}

const lag = new Map<string, number>();
const metrics = { consumerLag: { set: (labels: { group: string }, value: number) => lag.set(labels.group, value) } } as unknown as Metrics;
const logger = { debug: () => undefined } as unknown as Logger;

describe('watchConsumerLag', () => {
  it('sets each group\'s lag, never runs two samples at once, and stops only when the running sample has ended, asking nothing more', async () => {
    const { admin, calls, answer } = slowAdmin();
    const stop = watchConsumerLag({ admin, metrics, logger, groups: [{ groupId: 'g1', topics: ['t'] }, { groupId: 'g2', topics: ['t'] }], intervalMs: 5 });

    await waitFor(() => calls.length > 0, { timeoutMs: 1000, intervalMs: 5, what: 'the first sample' });
    await new Promise((r) => setTimeout(r, 50)); // ten intervals while the first sample waits for Kafka
    expect(calls).toEqual(['fetchOffsets g1']);

    answer();
    await waitFor(() => calls.includes('fetchOffsets g2'), { timeoutMs: 1000, intervalMs: 5, what: "g2's fetchOffsets" });
    expect(lag.get('g1')).toBe(7);

    let stopped = false;
    const stopping = stop().then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 30));
    expect(stopped).toBe(false); // g2's fetchOffsets is still out

    answer();
    await stopping;
    // The sample ended at the stop: g2's answer came, and nothing was asked after it.
    expect(calls).toEqual(['fetchOffsets g1', 'fetchTopicOffsets t', 'fetchOffsets g2']);
    await new Promise((r) => setTimeout(r, 30));
    expect(calls).toHaveLength(3);
  });
});
