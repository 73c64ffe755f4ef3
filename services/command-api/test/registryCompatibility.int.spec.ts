import { jobEventSchemas } from '@conveyor/events';
import { createEventSerde, type EventSerde } from '@conveyor/kafka';
import { stackEndpoints, uniqueName } from '@conveyor/testing';

type Schema = Extract<Parameters<EventSerde['registry']['register']>[0], { schema: string }>;
type RegisterOptions = NonNullable<Parameters<EventSerde['registry']['register']>[1]>;

const avro = (fields: object[]): Schema => ({
  type: 'AVRO' as Schema['type'],
  schema: JSON.stringify({ type: 'record', name: 'CompatProbe', namespace: 'conveyor.test', fields }),
});

/**
 * The registry requirement: subjects are BACKWARD compatible, so the registry refuses a change
 * that new readers could not use on old data, and accepts one they can.
 */
describe('schema registry compatibility (BACKWARD)', () => {
  const serde = createEventSerde({ registryUrl: stackEndpoints().registryUrl, topic: 'unused', schemas: jobEventSchemas });
  const subject = uniqueName('conveyor.test-compat');
  const options = { subject, compatibility: 'BACKWARD' } as RegisterOptions;
  const v1 = [{ name: 'jobId', type: 'string' }, { name: 'attempt', type: 'int' }];

  it('accepts a field added with a default, and refuses a required field or a changed type', async () => {
    const first = await serde.registry.register(avro(v1), options);
    const withDefault = [...v1, { name: 'note', type: ['null', 'string'], default: null }];
    const second = await serde.registry.register(avro(withDefault), options);
    expect(second.id).not.toBe(first.id);

    await expect(serde.registry.register(avro([...withDefault, { name: 'tenant', type: 'string' }]), options)).rejects.toThrow(/incompatible|compatib/i);
    await expect(serde.registry.register(avro([v1[0]!, { name: 'attempt', type: 'string' }, withDefault[2]!]), options)).rejects.toThrow(/incompatible|compatib/i);

    // Registering the accepted version again is idempotent.
    expect((await serde.registry.register(avro(withDefault), options)).id).toBe(second.id);
  });

  afterAll(async () => {
    await fetch(`${stackEndpoints().registryUrl}/subjects/${encodeURIComponent(subject)}`, { method: 'DELETE' }).catch(() => undefined);
  });
});
