import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import avsc from 'avsc';
import { deadLetterSchemas, jobEventSchemas, queueEventSchemas, scheduleEventSchemas, workSchemas } from '@conveyor/events';
import { createEventSerde, topicNames, type EventSerde, type TopicNames } from '@conveyor/kafka';
import { stackEndpoints, uniqueName } from '@conveyor/testing';
import { expandSchema } from '../../../schemas/src/expandSchema';
import type { AvroRecordSchema } from '../../../schemas/src/loadSchemas';

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
describe('schema registry compatibility (BACKWARD) on a probe subject of this test', () => {
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

/** The schema folders, the topic whose subjects they fill, and which records of a folder are registered. */
const families = [
  { dir: 'jobs', topic: (t: TopicNames) => t.jobEvents, events: jobEventSchemas, eventsOnly: true },
  { dir: 'schedules', topic: (t: TopicNames) => t.adminEvents, events: scheduleEventSchemas, eventsOnly: true },
  { dir: 'queues', topic: (t: TopicNames) => t.adminEvents, events: queueEventSchemas, eventsOnly: true },
  { dir: 'work', topic: (t: TopicNames) => t.work.normal, events: workSchemas, eventsOnly: false },
  { dir: 'deadletters', topic: (t: TopicNames) => t.deadLetters, events: deadLetterSchemas, eventsOnly: false },
] as const;

const isValidAvro = (schema: object) => {
  try {
    avsc.Type.forSchema(schema as avsc.Schema);
    return true;
  } catch {
    return false;
  }
};

const repoRoot = join(__dirname, '..', '..', '..');
const git = (...args: string[]) => execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8' });

/** The registered form of one folder's records at a commit, as `npm run gen:types` made them then. */
function schemasAt(commit: string, dir: string, eventsOnly: boolean): AvroRecordSchema[] {
  const paths = git('ls-tree', '-r', '--name-only', commit, '--', `schemas/avro/${dir}/`).split('\n').filter((p) => p.endsWith('.avsc'));
  const files = paths.map((p) => JSON.parse(git('show', `${commit}:${p}`)) as AvroRecordSchema);
  const named = new Map(files.map((f) => [`${f.namespace}.${f.name}`, f]));
  return files.filter((f) => !eventsOnly || f.fields.some((x) => x.name === 'meta')).map((f) => expandSchema(f, named));
}

/**
 * The project's own subjects evolve BACKWARD: every committed version of schemas/avro, oldest first,
 * then the current schemas as the services register them, are accepted in turn on fresh subjects (a
 * topic prefix of this test); an incompatible change to one of them is refused. Needs the git history
 * of schemas/avro (a full clone: CI's checkout needs `fetch-depth: 0`).
 */
describe("the project's subjects (BACKWARD, through the history of schemas/avro)", () => {
  const topics = topicNames(`compat${randomBytes(3).toString('hex')}.`);
  const registryUrl = stackEndpoints().registryUrl;
  const subjects = new Set<string>();

  it('registers every committed version, then the current ones; the subjects are BACKWARD; a required field added is refused', async () => {
    expect(git('rev-parse', '--is-shallow-repository').trim()).toBe('false');
    const commits = git('log', '--reverse', '--format=%H', '--', 'schemas/avro').split('\n').filter(Boolean);
    expect(commits.length).toBeGreaterThan(1);
    let versions = 0;
    const skipped: string[] = [];
    for (const commit of commits) {
      for (const f of families) {
        const serde = createEventSerde({ registryUrl, topic: f.topic(topics), schemas: {} });
        for (const schema of schemasAt(commit, f.dir, f.eventsOnly)) {
          // The first commits' DeadLetterCause symbols were not valid Avro (fixed before any release): never registrable.
          if (!isValidAvro(schema)) { skipped.push(`${commit.slice(0, 7)} ${schema.name}`); continue; }
          const subject = serde.subjectOf(schema);
          subjects.add(subject);
          await serde.registry.register({ type: 'AVRO' as Schema['type'], schema: JSON.stringify(schema) }, { subject, compatibility: 'BACKWARD' } as RegisterOptions);
          versions += 1;
        }
      }
    }
    // The current schemas, registered exactly as the services do at start.
    for (const f of families) {
      const serde = createEventSerde({ registryUrl, topic: f.topic(topics), schemas: f.events });
      await serde.registerAll();
      for (const schema of Object.values(f.events)) subjects.add(serde.subjectOf(schema));
    }
    for (const subject of subjects) {
      const config = await (await fetch(`${registryUrl}/config/${encodeURIComponent(subject)}`)).json() as { compatibilityLevel?: string };
      expect({ subject, level: config.compatibilityLevel }).toEqual({ subject, level: 'BACKWARD' });
    }

    const serde = createEventSerde({ registryUrl, topic: topics.jobEvents, schemas: jobEventSchemas });
    const current = jobEventSchemas.JobSubmitted as unknown as AvroRecordSchema;
    const incompatible = { ...current, fields: [...current.fields, { name: 'tenant', type: 'string' }] };
    await expect(serde.registry.register({ type: 'AVRO' as Schema['type'], schema: JSON.stringify(incompatible) }, { subject: serde.subjectOf(current), compatibility: 'BACKWARD' } as RegisterOptions))
      .rejects.toThrow(/incompatible|compatib/i);
    process.stdout.write(`schema evolution: ${commits.length} commits of schemas/avro, ${versions} schema versions registered before the current ones on ${subjects.size} subjects; not valid Avro, skipped: ${skipped.join(', ') || 'none'}\n`);
    // Only the early JobDeadLettered (enum symbols with hyphens) is skipped; every other version registered.
    expect(skipped.filter((v) => !v.endsWith(' JobDeadLettered'))).toEqual([]);
  });

  afterAll(async () => {
    for (const subject of subjects) await fetch(`${registryUrl}/subjects/${encodeURIComponent(subject)}`, { method: 'DELETE' }).catch(() => undefined);
  });
});
