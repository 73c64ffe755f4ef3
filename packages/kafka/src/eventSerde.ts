import { SchemaRegistry, SchemaType, COMPATIBILITY } from '@kafkajs/confluent-schema-registry';
import avro from 'avsc';

/** A decoded event: its record name and value. */
export interface DecodedEvent<T = unknown> {
  type: string;
  data: T;
  schemaId: number;
}

/** Thrown when bytes cannot be decoded: not our wire format, an unknown schema id, or a schema we do not know. */
export class PoisonMessageError extends Error {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.name = 'PoisonMessageError';
  }
}

/**
 * Thrown when the registry cannot answer (down, unreachable, a 5xx) while resolving a schema id (public):
 * the message may be perfectly valid, so the batch is retried, never dead-lettered (issue 14).
 */
export class SchemaRegistryUnavailableError extends Error {
  readonly retriable = true;
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.name = 'SchemaRegistryUnavailableError';
  }
}

/** The HTTP status of a registry client error; mappersmith reports a network failure as 400 without a registry error code. */
const statusOf = (err: unknown): number | undefined => {
  const status = (err as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
};

export interface EventSerdeOptions {
  /** Confluent-compatible registry base URL, e.g. http://127.0.0.1:8081/apis/ccompat/v7. */
  registryUrl: string;
  /** Topic the subjects belong to (TopicRecordNameStrategy: `<topic>-<namespace>.<Name>`). */
  topic: string;
  /** Record schemas by short name, self-contained. */
  schemas: Record<string, object>;
}

/**
 * Avro encoding in the Confluent wire format (magic byte 0, 4-byte schema id, Avro body) through the
 * schema registry. Schemas are registered once at start with BACKWARD compatibility; decoding resolves
 * the writer's schema (from the id) against our reader schema, so old and new producers interoperate.
 */
export function createEventSerde(options: EventSerdeOptions) {
  const registry = new SchemaRegistry({ host: options.registryUrl, retry: { retries: 3 } });
  const readers = new Map(Object.entries(options.schemas).map(([name, s]) => [name, avro.Type.forSchema(s as avro.Schema)]));
  const idsByName = new Map<string, number>();
  const namesById = new Map<number, string>();

  const subjectOf = (schema: object) => {
    const s = schema as { name: string; namespace?: string };
    return `${options.topic}-${s.namespace ? `${s.namespace}.` : ''}${s.name}`;
  };

  return {
    registry,
    subjectOf,
    /** Registers every schema (idempotent: the same schema gets the same id). Call once at start. */
    async registerAll(): Promise<Map<string, number>> {
      for (const [name, schema] of Object.entries(options.schemas)) {
        const { id } = await registry.register(
          { type: SchemaType.AVRO, schema: JSON.stringify(schema) },
          { subject: subjectOf(schema), compatibility: COMPATIBILITY.BACKWARD },
        );
        idsByName.set(name, id);
        namesById.set(id, name);
      }
      return idsByName;
    },
    /** Encodes a value of a registered event type (throws on a value that does not fit the schema). */
    async encode(name: string, value: unknown): Promise<Buffer> {
      const id = idsByName.get(name);
      if (id === undefined) throw new Error(`event type ${name} is not registered; call registerAll() first`);
      return registry.encode(id, value);
    },
    /**
     * Decodes wire-format bytes; throws PoisonMessageError when that is impossible (not the wire format, a
     * schema id the registry does not know, bytes that do not fit the schema), SchemaRegistryUnavailableError
     * when the registry cannot be asked (retry later).
     */
    async decode<T = unknown>(buffer: Buffer | null): Promise<DecodedEvent<T>> {
      if (!buffer || buffer.length < 6 || buffer.readUInt8(0) !== 0) throw new PoisonMessageError('not in the Confluent wire format (magic byte 0 + schema id)');
      const schemaId = buffer.readInt32BE(1);
      let name = namesById.get(schemaId);
      if (!name) {
        let writer: { name?: string };
        try {
          writer = (await registry.getSchema(schemaId)) as unknown as { name?: string };
        } catch (err) {
          // Only the registry saying "no such schema" makes the bytes undecodable; anything else is an outage.
          if (statusOf(err) === 404) throw new PoisonMessageError(`unknown schema id ${schemaId}`, { cause: err });
          throw new SchemaRegistryUnavailableError(`the schema registry did not resolve schema id ${schemaId}`, { cause: err });
        }
        name = writer.name?.split('.').pop();
        if (!name || !readers.has(name)) throw new PoisonMessageError(`schema id ${schemaId} is ${writer.name ?? 'unnamed'}, not an event this service reads`);
        namesById.set(schemaId, name);
      }
      try {
        const data = (await registry.decode(buffer, { [SchemaType.AVRO]: { readerSchema: readers.get(name) as unknown as avro.Type } })) as T;
        return { type: name, data, schemaId };
      } catch (err) {
        // The registry client answers with an HTTP status when it had to fetch (a 404 is a schema that is gone).
        const status = statusOf(err);
        if (status !== undefined && status !== 404) throw new SchemaRegistryUnavailableError(`the schema registry failed while decoding ${name}`, { cause: err });
        throw new PoisonMessageError(`cannot decode ${name} (schema id ${schemaId})`, { cause: err });
      }
    },
  };
}

export type EventSerde = ReturnType<typeof createEventSerde>;
