import { identityEventNames, type IdentityEvent } from '@conveyor/events';
import type { PoolClient } from '@conveyor/runtime';
import type { Projection } from '../projections/projection';
import type { AdminLogBatch } from '../projections/startAdminLogProjector';

/** A partition batch of admin events as the identity projection sees it; `changed` is what it changed. */
export type IdentityBatch = AdminLogBatch<IdentityEvent>;

const actionOf: Record<IdentityEvent['type'], string> = {
  ApiKeyCreated: 'api-key.create', ApiKeyRotated: 'api-key.rotate', ApiKeyRevoked: 'api-key.revoke', UserRolesAssigned: 'user.roles',
};

/** Applies one identity event to `api_keys` / `user_roles` and records it in `identity_audit` (idempotent by event id). */
async function applyEvent(tx: PoolClient, topic: string, event: IdentityEvent): Promise<void> {
  const { meta } = event.data;
  const at = new Date(meta.occurredAt);
  const audit = await tx.query(
    `insert into identity_audit (event_id, admin_topic, occurred_at, actor, action, subject_id) values ($1, $2, $3, $4, $5, $6)
     on conflict (event_id) do nothing`,
    [meta.eventId, topic, at, meta.actor, actionOf[event.type], meta.subjectId],
  );
  if (audit.rowCount === 0) return; // seen before: the log redelivered it
  switch (event.type) {
    case 'ApiKeyCreated': {
      const d = event.data;
      await tx.query(
        `insert into api_keys (key_id, admin_topic, name, prefix, key_hash, roles, expires_at, rate_limits, created_at, created_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) on conflict (key_id) do nothing`,
        [meta.subjectId, topic, d.name, d.prefix, d.keyHash, d.roles, d.expiresAt === null ? null : new Date(d.expiresAt), d.rateLimitsJson, at, meta.actor],
      );
      return;
    }
    case 'ApiKeyRotated':
      await tx.query('update api_keys set prefix = $2, key_hash = $3, rotated_at = $4 where key_id = $1', [meta.subjectId, event.data.prefix, event.data.keyHash, at]);
      return;
    case 'ApiKeyRevoked':
      await tx.query('update api_keys set revoked_at = coalesce(revoked_at, $2), revoked_by = coalesce(revoked_by, $3) where key_id = $1', [meta.subjectId, at, meta.actor]);
      return;
    case 'UserRolesAssigned':
      await tx.query(
        `insert into user_roles (subject, roles, updated_at, updated_by) values ($1, $2, $3, $4)
         on conflict (subject) do update set roles = excluded.roles, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
        [meta.subjectId, event.data.roles, at, meta.actor],
      );
      return;
    default: {
      const never: never = event;
      throw new Error(`unhandled identity event ${JSON.stringify(never)}`);
    }
  }
}

/**
 * `api_keys`, `user_roles` and `identity_audit` (migrations 010, 011), from the identity events of
 * admin-events (public). Keys and role assignments are facts of the log, so a rebuild keeps them.
 */
export const identityReadModel: Projection<IdentityBatch> = {
  name: 'identity',
  topics: ['adminEvents'],
  tables: [{ table: 'api_keys', key: 'key_id::text' }, { table: 'user_roles', key: 'subject' }, { table: 'identity_audit', key: 'event_id::text' }],
  dependsOn: [],
  handles: (eventType) => (identityEventNames as readonly string[]).includes(eventType),
  async apply(tx, batch) {
    for (const { event } of batch.events) await applyEvent(tx, batch.at.topic, event);
    batch.changed = batch.events.length;
  },
};
