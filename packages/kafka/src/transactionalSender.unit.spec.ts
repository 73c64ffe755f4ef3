import type { Kafka, Producer, ProducerBatch } from 'kafkajs';
import { createTransactionalSender } from './transactionalSender';

/** A stand-in for kafkajs transactional producers: records what each did; `failNext` makes the next produce fail. */
function fakeProducers() {
  const log: string[] = [];
  let failNext = false;
  let made = 0;
  const make = (_kafka: Kafka, options: { transactionalId: string }) => {
    const name = `p${++made}`;
    let open = false;
    return {
      connect: async () => void log.push(`${name} connect ${options.transactionalId}`),
      disconnect: async () => void log.push(`${name} disconnect`),
      transaction: async () => {
        if (open) throw new Error('There is already an ongoing transaction for this producer');
        open = true;
        let sent = false;
        return {
          isActive: () => open,
          sendBatch: async (batch: ProducerBatch) => {
            if (failNext) {
              failNext = false;
              throw new Error('broker said no');
            }
            sent = true;
            log.push(`${name} send ${batch.topicMessages!.map((t) => t.topic).join(',')}`);
            await new Promise((r) => setTimeout(r, 1));
            return [{ topicName: batch.topicMessages![0]!.topic, partition: 0, errorCode: 0, baseOffset: '7' }];
          },
          commit: async () => {
            open = false;
            log.push(`${name} commit`);
          },
          abort: async () => {
            open = false;
            log.push(sent ? `${name} abort` : `${name} abort (empty)`);
          },
        };
      },
    } as unknown as Producer;
  };
  return { log, make, failNextSend: () => void (failNext = true) };
}

const batch = (topic: string): ProducerBatch => ({ acks: -1, topicMessages: [{ topic, messages: [{ key: 'k', value: 'v' }] }] });
const logger = { warn: () => undefined };

describe('createTransactionalSender', () => {
  it('sends each batch as one transaction, committed before it resolves, one at a time', async () => {
    const fake = fakeProducers();
    const sender = createTransactionalSender({ kafka: {} as Kafka, transactionalId: 'tx-1', transactionTimeoutMs: 10_000, logger, createProducer: fake.make });
    await sender.connect();
    const [a, b] = await Promise.all([sender.sendBatch(batch('a')), sender.sendBatch(batch('b'))]);

    expect(a[0]).toMatchObject({ topicName: 'a', baseOffset: '7' });
    expect(b[0]).toMatchObject({ topicName: 'b' });
    expect(fake.log).toEqual(['p1 connect tx-1', 'p1 abort (empty)', 'p1 send a', 'p1 commit', 'p1 send b', 'p1 commit']);
  });

  it('given a failed transaction, aborts it, rejects, and replaces the producer under the same transactional id', async () => {
    const fake = fakeProducers();
    const sender = createTransactionalSender({ kafka: {} as Kafka, transactionalId: 'tx-2', transactionTimeoutMs: 10_000, logger, createProducer: fake.make });
    await sender.connect();
    fake.failNextSend();
    await expect(sender.sendBatch(batch('a'))).rejects.toThrow('broker said no');
    await sender.sendBatch(batch('b'));
    await sender.disconnect();

    expect(fake.log).toEqual([
      'p1 connect tx-2', 'p1 abort (empty)',
      'p1 abort (empty)', 'p1 disconnect', // the failed transaction (nothing was sent)
      'p2 connect tx-2', 'p2 abort (empty)', // the new producer: its InitProducerId fences p1's epoch
      'p2 send b', 'p2 commit', 'p2 disconnect',
    ]);
  });
});
