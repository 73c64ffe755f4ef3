import { noop } from '../builtins/noop';
import { createJobTypeAnnouncer, type AnnouncedMessage } from './createJobTypeAnnouncer';
import { describeJobType } from './describeJobType';

const until = async (done: () => boolean) => {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 5));
};

describe('createJobTypeAnnouncer heartbeats', () => {
  it('never publishes two heartbeats at once, and stop() resolves only once the heartbeat being published was answered', async () => {
    const published: AnnouncedMessage[][] = [];
    const acks: Array<() => void> = [];
    const announcer = createJobTypeAnnouncer({
      // The announcement itself is acknowledged at once; each heartbeat waits for the test.
      publish: (messages) => {
        published.push(messages);
        return published.length === 1 ? Promise.resolve() : new Promise<void>((resolve) => acks.push(resolve));
      },
      serde: { encode: async (name) => Buffer.from(name) },
      topic: 'admin-events', workerId: 'w1', host: 'h', heartbeatIntervalMs: 5,
    });
    await announcer.announce([describeJobType(noop)]);
    await until(() => published.length === 2);
    await new Promise((r) => setTimeout(r, 50)); // ten intervals while the heartbeat waits for Kafka
    expect(published).toHaveLength(2);

    let stopped = false;
    const stopping = announcer.stop().then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(stopped).toBe(false);
    acks.shift()!();
    await stopping;
    await new Promise((r) => setTimeout(r, 30));
    expect(published).toHaveLength(2); // nothing after the stop
    expect(published[1]!.map((m) => m.message.value.toString())).toEqual(['WorkerSeen']);
  });
});
