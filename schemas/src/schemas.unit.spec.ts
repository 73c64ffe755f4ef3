import avro from 'avsc';
import { deadLetterSchemas, jobEventSchemas, scheduleEventSchemas, workSchemas } from '@conveyor/events';
import { loadSchemaFiles } from './loadSchemas';
import { expandSchema } from './expandSchema';

describe('the Avro contract', () => {
  it('every event schema is valid Avro and self-contained', () => {
    for (const [name, schema] of Object.entries({ ...jobEventSchemas, ...workSchemas, ...scheduleEventSchemas, ...deadLetterSchemas })) {
      const type = avro.Type.forSchema(schema as unknown as avro.Schema);
      expect(type.name?.endsWith(name)).toBe(true);
    }
  });

  it('every event starts with the common metadata', () => {
    for (const schema of Object.values(jobEventSchemas)) {
      expect(schema.fields[0]).toMatchObject({ name: 'meta', type: { name: 'EventMetadata' } });
    }
  });

  it('every schedule event starts with the schedule metadata and lives in its own namespace', () => {
    for (const schema of Object.values(scheduleEventSchemas)) {
      expect(schema).toMatchObject({ namespace: 'conveyor.schedules' });
      expect(schema.fields[0]).toMatchObject({ name: 'meta', type: { name: 'ScheduleMetadata' } });
    }
  });

  it('the dead-letter causes of the record and of JobDeadLettered agree', () => {
    const symbols = (s: object) => JSON.stringify(s).match(/"symbols":\[[^\]]*"poison_message"[^\]]*\]/)?.[0];
    const ofRecord = symbols(deadLetterSchemas.DeadLetter);
    // Both hold the cause enum (undefined === undefined would pass with neither holding it).
    expect(ofRecord).toEqual(expect.stringContaining('"attempts_exhausted"'));
    expect(symbols(jobEventSchemas.JobDeadLettered)).toBe(ofRecord);
  });

  it('a named type is inlined once and referenced by full name afterwards', () => {
    const files = loadSchemaFiles();
    const named = new Map(files.map((f) => [`${f.schema.namespace}.${f.schema.name}`, f.schema]));
    const failed = files.find((f) => f.name === 'JobFailed')!;
    const expanded = expandSchema(failed.schema, named);
    expect(JSON.stringify(expanded)).toContain('"name":"JobError"');
    expect(() => avro.Type.forSchema(expanded as avro.Schema)).not.toThrow();
  });
});
