import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEventSerde, PoisonMessageError, SchemaRegistryUnavailableError } from './eventSerde';

const schemas = { Ping: { type: 'record', name: 'Ping', namespace: 'conveyor.test', fields: [{ name: 'n', type: 'int' }] } };
/** Wire-format bytes (magic 0, schema id 4242, a body) of a schema id this process never saw. */
const unseenSchemaBytes = Buffer.concat([Buffer.from([0, 0, 0, 0x10, 0x92]), Buffer.from([2])]);

/** A registry stand-in answering every request with `status` (and a Confluent error body). */
async function registryAnswering(status: number): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(status, { 'content-type': 'application/vnd.schemaregistry.v1+json' });
    res.end(JSON.stringify({ error_code: status === 404 ? 40403 : 50001, message: status === 404 ? 'Schema not found' : 'unavailable' }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('eventSerde.decode during a registry outage (issue 14, defect 3)', () => {
  it('given the registry is unreachable, when a valid-looking message needs its schema, then it is an outage to retry, not poison', async () => {
    // Port 1 on loopback: refused, as when the registry is stopped.
    const serde = createEventSerde({ registryUrl: 'http://127.0.0.1:1', topic: 't', schemas });
    const err = await serde.decode(unseenSchemaBytes).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SchemaRegistryUnavailableError);
    expect(err).not.toBeInstanceOf(PoisonMessageError);
  });

  it('given the registry answers 5xx, then it is an outage too', async () => {
    const { url, server } = await registryAnswering(503);
    try {
      const serde = createEventSerde({ registryUrl: url, topic: 't', schemas });
      await expect(serde.decode(unseenSchemaBytes)).rejects.toBeInstanceOf(SchemaRegistryUnavailableError);
    } finally {
      server.close();
    }
  });

  it('given the registry answers that the schema id does not exist, then the message is poison', async () => {
    const { url, server } = await registryAnswering(404);
    try {
      const serde = createEventSerde({ registryUrl: url, topic: 't', schemas });
      await expect(serde.decode(unseenSchemaBytes)).rejects.toBeInstanceOf(PoisonMessageError);
      await expect(serde.decode(Buffer.from('not the wire format'))).rejects.toBeInstanceOf(PoisonMessageError);
    } finally {
      server.close();
    }
  });
});
