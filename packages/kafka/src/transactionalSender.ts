import { Partitioners, type Kafka, type Producer, type ProducerBatch, type RecordMetadata } from 'kafkajs';
import type { Logger } from 'pino';

export interface TransactionalSenderOptions {
  kafka: Kafka;
  /**
   * Unique per process (two processes with one id fence each other). A producer recreated after an error
   * keeps it: its InitProducerId bumps the epoch, which aborts whatever the previous one left open.
   */
  transactionalId: string;
  /**
   * How long the coordinator lets a transaction stay open, in milliseconds, before it aborts it. It also
   * bounds how long a process that died inside a transaction holds back read-committed consumers of the
   * partitions it wrote to (they do not read past an open transaction).
   */
  transactionTimeoutMs: number;
  logger: Pick<Logger, 'warn'>;
  /** The producer factory (tests); default {@link createTransactionalProducer}. */
  createProducer?: (kafka: Kafka, options: { transactionalId: string; transactionTimeoutMs: number }) => Producer;
}

/**
 * The transactional producer (public): idempotent, one request in flight, murmur2 partitioning like the
 * idempotent producer, retries without a count limit. Its first retry comes after 10 ms, not 100 ms: a
 * transaction begun right after a commit meets CONCURRENT_TRANSACTIONS while the coordinator still writes
 * the previous one's markers, and waits out that retry.
 */
export function createTransactionalProducer(kafka: Kafka, options: { transactionalId: string; transactionTimeoutMs: number }): Producer {
  return kafka.producer({
    transactionalId: options.transactionalId,
    transactionTimeout: options.transactionTimeoutMs,
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
    retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 10, maxRetryTime: 5_000 },
  });
}

/**
 * Sends each batch as one Kafka transaction (public): `sendBatch` begins it, produces every message of the
 * batch, commits, and resolves with the produce's record metadata once the commit is acknowledged, so
 * read-committed consumers see all of the batch or none of it. It stands in for a producer's `sendBatch`
 * (the batching publisher's), one call at a time: calls made while one runs wait for it (kafkajs allows one
 * open transaction per producer).
 *
 * On any error the transaction is aborted when kafkajs still can, and the producer is replaced at once by a
 * new one with the same transactional id: its InitProducerId fences the old epoch, and the coordinator aborts
 * the transaction the old one left open (or completes it, if its commit had already been recorded: a commit
 * whose answer was lost may still have happened, as a produce whose answer was lost may have with an
 * idempotent producer). The call rejects; the next one uses the new producer (or opens one, if replacing failed).
 */
export function createTransactionalSender(options: TransactionalSenderOptions) {
  const make = options.createProducer ?? createTransactionalProducer;
  let current: Promise<Producer> | undefined;
  let tail: Promise<unknown> = Promise.resolve();
  let closed = false;

  /** A connected producer whose producer id is initialised (the first transaction then needs no extra round trip). */
  const open = (): Promise<Producer> => {
    const opening = (async () => {
      const producer = make(options.kafka, { transactionalId: options.transactionalId, transactionTimeoutMs: options.transactionTimeoutMs });
      await producer.connect();
      try {
        // InitProducerId happens at the first transaction; an empty one ends without a request.
        await (await producer.transaction()).abort();
      } catch (err) {
        await producer.disconnect().catch(() => undefined);
        throw err;
      }
      return producer;
    })();
    // A failed open is tried again by the next call.
    opening.catch(() => {
      if (current === opening) current = undefined;
    });
    current = opening;
    return opening;
  };

  const replace = (failed: Producer) => {
    void failed.disconnect().catch(() => undefined);
    if (closed) return;
    open().catch((err: unknown) => options.logger.warn({ err }, 'could not recreate the transactional producer; the next send tries again'));
  };

  const sendInTransaction = async (batch: ProducerBatch): Promise<RecordMetadata[]> => {
    const producer = await (current ?? open());
    let transaction: Awaited<ReturnType<Producer['transaction']>> | undefined;
    try {
      transaction = await producer.transaction();
      const metadata = await transaction.sendBatch(batch);
      await transaction.commit();
      return metadata;
    } catch (err) {
      if (transaction?.isActive()) await transaction.abort().catch(() => undefined);
      if (current && (await current.catch(() => undefined)) === producer) replace(producer);
      throw err;
    }
  };

  return {
    /** Opens the producer and initialises its producer id (call once at start). */
    async connect(): Promise<void> {
      await (current ?? open());
    },
    /** One transaction holding every message of the batch; resolves once it is committed. */
    sendBatch(batch: ProducerBatch): Promise<RecordMetadata[]> {
      const sent = tail.then(() => sendInTransaction(batch));
      tail = sent.catch(() => undefined);
      return sent;
    },
    /** Waits for the transaction in progress, then disconnects. */
    async disconnect(): Promise<void> {
      closed = true;
      await tail;
      const producer = await current?.catch(() => undefined);
      current = undefined;
      await producer?.disconnect();
    },
  };
}

export type TransactionalSender = ReturnType<typeof createTransactionalSender>;
