import { PoisonMessageError, type EventSerde } from './eventSerde';

/** Any event union tagged by name, as the serde decodes it (`{ type, data }`). */
export interface TaggedEvent {
  type: string;
  data: unknown;
}

/** Kafka message headers (kafkajs's IHeaders). */
export type MessageHeaders = Record<string, Buffer | string | Array<Buffer | string> | undefined>;

/** The header that names a message's event type, read before decoding. */
export const eventTypeHeaderName = 'event-type';

/** Where a message was read, and its bytes: what a dead letter of a poison message records. */
export interface PoisonMessage {
  topic: string;
  partition: number;
  /** Kafka offset (int64) as a decimal string. */
  offset: string;
  value: Buffer | null;
  error: PoisonMessageError;
}

/** A message of a batch: its offset and its event, or null when it was filtered out or poison. */
export interface BatchRecord<E extends TaggedEvent> {
  offset: string;
  event: E | null;
  headers?: MessageHeaders;
}

/** A decoded event with the offset it was read at. */
export interface PositionedEvent<E extends TaggedEvent> {
  offset: string;
  event: E;
  headers: MessageHeaders | undefined;
}

/** One topic the runner reads: how to decode it and which event types it keeps. */
export interface ConsumerSource<E extends TaggedEvent> {
  topic: string;
  serde: Pick<EventSerde, 'decode'>;
  /**
   * The event types kept. A message whose `event-type` header names another type is skipped without
   * being decoded; a decoded event of another type is skipped too.
   */
  eventTypes: ReadonlyArray<E['type']>;
}

/** The raw message fields decoding reads (a subset of kafkajs's KafkaMessage). */
export interface RawMessage {
  offset: string;
  value: Buffer | null;
  headers?: MessageHeaders;
}

/** A partition batch decoded into typed events and poison messages. */
export interface DecodedBatch<E extends TaggedEvent> {
  /** Every message of the batch, in order (event null when skipped or poison). */
  records: Array<BatchRecord<E>>;
  /** The decoded events kept, in order. */
  events: Array<PositionedEvent<E>>;
  /** Messages that cannot be decoded (not the wire format, unknown schema): dead letters to be. */
  poison: PoisonMessage[];
}

const headerText = (value: Buffer | string | Array<Buffer | string> | undefined): string | undefined => {
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
};

/**
 * Decodes one partition batch (internal to the runner; pure but for the serde's registry lookups):
 * filters by the `event-type` header, decodes the rest, and sets poison messages apart. Any other error
 * (the registry unreachable) is rethrown, so the batch is retried rather than dead-lettered.
 */
export async function decodeBatch<E extends TaggedEvent>(
  source: ConsumerSource<E>, partition: number, messages: readonly RawMessage[],
): Promise<DecodedBatch<E>> {
  const kept: ReadonlySet<string> = new Set(source.eventTypes);
  const out: DecodedBatch<E> = { records: [], events: [], poison: [] };
  for (const message of messages) {
    const named = headerText(message.headers?.[eventTypeHeaderName]);
    let event: E | null = null;
    if (named === undefined || kept.has(named)) {
      try {
        const decoded = await source.serde.decode(message.value);
        // The type is one of E's names and the data was read with that name's schema: it is an E.
        if (kept.has(decoded.type)) event = { type: decoded.type, data: decoded.data } as E;
      } catch (err) {
        if (!(err instanceof PoisonMessageError)) throw err;
        out.poison.push({ topic: source.topic, partition, offset: message.offset, value: message.value, error: err });
      }
    }
    out.records.push({ offset: message.offset, event, headers: message.headers });
    if (event) out.events.push({ offset: message.offset, event, headers: message.headers });
  }
  return out;
}
