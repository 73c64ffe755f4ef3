/**
 * `npm run admin -- api-key create --name <name> --role <role> [--role <role>…] [--expires-at <ISO>]`,
 * `npm run admin -- api-key list`, `npm run admin -- api-key revoke <id>`: API keys without an API key
 * (the first one, or when none is at hand). It publishes the identity events on conveyor.admin-events
 * through Kafka and the registry directly (KAFKA_BROKERS, SCHEMA_REGISTRY_URL, TOPIC_PREFIX) and reads
 * `api_keys` in DATABASE_URL. `create` prints the new key alone on the last line of standard output.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { generateApiKey, isRole, roles, type Role } from '@conveyor/auth';
import { eventMessage, identityEventSchemas, type IdentityEvent } from '@conveyor/events';
import { applyTopicCatalog, createEventSerde, createIdempotentProducer, createKafka, kafkaConnection, resolveCatalog, topicNames } from '@conveyor/kafka';
import { commonConfigShape, createLogger, createPgPool, parseConfig } from '@conveyor/runtime';
import { waitFor } from '@conveyor/testing';
import { z } from 'zod';

const usage = `usage: npm run admin -- api-key create --name <name> --role <${roles.join('|')}> [--role …] [--expires-at <ISO 8601>]
       npm run admin -- api-key list
       npm run admin -- api-key revoke <id>`;

/** A mistake of the caller: one line on stderr and exit 2. */
class UsageError extends Error {}

async function main(argv: string[]): Promise<void> {
  const [noun, verb, ...rest] = argv;
  if (noun !== 'api-key' || !verb || !['create', 'list', 'revoke'].includes(verb)) throw new UsageError(usage);
  const { values, positionals } = parseArgs({
    args: rest, allowPositionals: true, strict: true,
    options: { name: { type: 'string' }, role: { type: 'string', multiple: true }, 'expires-at': { type: 'string' } },
  });
  const config = parseConfig(z.object(commonConfigShape), process.env);
  const pool = createPgPool({ url: config.DATABASE_URL, name: 'conveyor-admin', max: 1 });
  try {
    if (verb === 'list') {
      const { rows } = await pool.query<{ key_id: string; name: string; prefix: string; roles: string[]; expires_at: Date | null; revoked_at: Date | null }>(
        'select key_id, name, prefix, roles, expires_at, revoked_at from api_keys order by created_at');
      for (const r of rows) {
        console.log([r.key_id, `cvk_${r.prefix}_…`, r.name, r.roles.join(','), r.expires_at ? `expires ${r.expires_at.toISOString()}` : '', r.revoked_at ? 'REVOKED' : ''].filter(Boolean).join('\t'));
      }
      if (!rows.length) console.log('no API keys');
      return;
    }
    let event: IdentityEvent;
    let key: string | undefined;
    const meta = (subjectId: string) => ({ eventId: randomUUID(), subjectId, occurredAt: Date.now(), actor: 'cli:admin', traceparent: null, tracestate: null });
    if (verb === 'create') {
      const name = values.name?.trim();
      const chosen = values.role ?? [];
      const expiresAt = values['expires-at'] === undefined ? null : Date.parse(values['expires-at']);
      if (!name || name.length > 100) throw new UsageError(`--name is required (1 to 100 characters)\n${usage}`);
      if (!chosen.length || !chosen.every(isRole)) throw new UsageError(`--role must be one of ${roles.join(', ')} (repeatable)\n${usage}`);
      if (expiresAt !== null && (Number.isNaN(expiresAt) || expiresAt <= Date.now())) throw new UsageError('--expires-at must be an ISO 8601 time in the future');
      const generated = generateApiKey();
      key = generated.key;
      event = { type: 'ApiKeyCreated', data: { meta: meta(randomUUID()), name, roles: chosen as Role[], prefix: generated.prefix, keyHash: generated.hash, expiresAt, rateLimitsJson: null } };
    } else {
      const id = positionals[0];
      if (!id || !z.uuid().safeParse(id).success) throw new UsageError(`revoke takes the key's id (a UUID, see \`api-key list\`)\n${usage}`);
      const { rows } = await pool.query<{ revoked_at: Date | null }>('select revoked_at from api_keys where key_id = $1', [id]);
      if (!rows[0]) throw new UsageError(`no API key ${id}`);
      if (rows[0].revoked_at) throw new UsageError(`API key ${id} is already revoked`);
      event = { type: 'ApiKeyRevoked', data: { meta: meta(id) } };
    }

    const topic = topicNames(config.TOPIC_PREFIX).adminEvents;
    const kafka = createKafka({ ...kafkaConnection(config), clientId: 'conveyor-admin', logger: createLogger({ service: 'admin', level: 'warn' }) });
    // The topics as the services create them (idempotent): the CLI may run before the platform ever started.
    const admin = kafka.admin();
    await admin.connect();
    try {
      await applyTopicCatalog(admin, resolveCatalog({ prefix: config.TOPIC_PREFIX }));
    } finally {
      await admin.disconnect();
    }
    const serde = createEventSerde({ registryUrl: config.SCHEMA_REGISTRY_URL, topic, schemas: identityEventSchemas });
    await serde.registerAll();
    const producer = createIdempotentProducer(kafka);
    await producer.connect();
    try {
      const { subjectId, occurredAt } = event.data.meta;
      await producer.send({ topic, messages: [eventMessage({ type: event.type, key: subjectId, occurredAt, traceparent: null, tracestate: null }, await serde.encode(event.type, event.data))] });
    } finally {
      await producer.disconnect();
    }
    const subjectId = event.data.meta.subjectId;
    const applied = verb === 'create'
      ? 'select 1 from api_keys where key_id = $1'
      : 'select 1 from api_keys where key_id = $1 and revoked_at is not null';
    // The processors' identity projection makes it effective; say so when it is not running.
    await waitFor(async () => (await pool.query(applied, [subjectId])).rowCount === 1, { what: 'the identity projection', timeoutMs: 15_000 })
      .catch(() => console.error('admin: published; it takes effect once the processors project it (are they running?)'));
    if (verb === 'create') {
      console.log(`created API key ${subjectId} (${event.type === 'ApiKeyCreated' ? event.data.roles.join(',') : ''}); it is shown once:`);
      console.log(key);
    } else console.log(`revoked API key ${subjectId}`);
  } finally {
    await pool.end();
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(err instanceof UsageError ? err.message : `admin: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(err instanceof UsageError ? 2 : 1);
});
