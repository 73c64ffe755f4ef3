import { ValidationError } from '@conveyor/errors';
import type { Pool } from '@conveyor/runtime';

/** An API key as listed: the prefix, never the key or its hash. */
export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  roles: string[];
  expiresAt: string | null;
  createdAt: string;
  createdBy: string;
  rotatedAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

/** One audited action: who, what, when. */
export interface AuditEntry {
  id: string;
  at: string;
  actor: string;
  /** The actor's name when it is a known API key or user. */
  actorName: string | null;
  action: string;
  /** What it acted on: `job:<id>`, `api-key:<id>`, `user:<subject>`, `replay:<id>`, `webhook:<id>`. */
  target: string;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Keyset cursor over (at desc, id desc). */
const encodeCursor = (at: string, id: string) => Buffer.from(`${at}|${id}`).toString('base64url');
function decodeCursor(cursor: string): { at: string; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!at || !id || Number.isNaN(Date.parse(at))) throw new ValidationError('invalid query parameters', [{ path: 'cursor', message: 'must be a cursor from nextCursor' }]);
  return { at, id };
}

/**
 * The audit trail (one union over the facts that carry an actor): job submissions and cancellations and
 * dead-letter requeues from the timeline, dead-letter discards (a discard is a dead letter's last action),
 * schedule creations (the schedules read model keeps the creator; later changes of a schedule are not
 * kept per action), API-key and user-role events from identity_audit, replay requests from replay_runs,
 * webhook subscriptions created and deleted (a test event is the job.submit of its delivery job).
 */
const auditSource = `
  select event_id::text as id, occurred_at as at, data->>'actor' as actor,
         case event_type when 'JobSubmitted' then 'job.submit' else 'job.cancel' end as action, 'job:' || job_id as target
    from job_events where event_type in ('JobSubmitted', 'JobCancelled')
  union all
  select event_id::text, occurred_at, data->>'by', 'dead-letter.requeue', 'job:' || job_id from job_events where event_type = 'JobRequeued'
  union all
  select event_id::text, occurred_at, actor, action,
         case when action like 'user.%' then 'user:' else 'api-key:' end || subject_id from identity_audit
  union all
  select id::text, last_action_at, last_action_by, 'dead-letter.discard', 'dead-letter:' || id
    from dead_letters where status = 'discarded' and last_action_by is not null
  union all
  select schedule_id::text, created_at, created_by, 'schedule.create', 'schedule:' || schedule_id from schedules where created_by is not null
  union all
  select id::text, requested_at, requested_by, 'replay.' || kind, 'replay:' || id from replay_runs
  union all
  select subscription_id::text, created_at, created_by, 'webhook.create', 'webhook:' || subscription_id from webhook_subscriptions
  union all
  select subscription_id::text || ':deleted', deleted_at, deleted_by, 'webhook.delete', 'webhook:' || subscription_id
    from webhook_subscriptions where deleted_at is not null`;

/** The identity reads of the query API (public): keys, users, the audit trail. */
export function createIdentityQueries(deps: { pool: Pick<Pool, 'query'> }) {
  return {
    async apiKeys(): Promise<ApiKeyView[]> {
      const { rows } = await deps.pool.query<{
        key_id: string; name: string; prefix: string; roles: string[]; expires_at: Date | null; created_at: Date; created_by: string;
        rotated_at: Date | null; revoked_at: Date | null; last_used_at: Date | null;
      }>(`select k.key_id, k.name, k.prefix, k.roles, k.expires_at, k.created_at, k.created_by, k.rotated_at, k.revoked_at, u.last_used_at
          from api_keys k left join api_key_usage u using (key_id) order by k.created_at desc, k.key_id limit 1000`);
      return rows.map((r) => ({
        id: r.key_id, name: r.name, prefix: r.prefix, roles: r.roles, expiresAt: iso(r.expires_at), createdAt: r.created_at.toISOString(),
        createdBy: r.created_by, rotatedAt: iso(r.rotated_at), revokedAt: iso(r.revoked_at), lastUsedAt: iso(r.last_used_at),
      }));
    },

    async users(): Promise<Array<{ subject: string; name: string | null; tokenRoles: string[]; assignedRoles: string[]; lastSeenAt: string | null }>> {
      const { rows } = await deps.pool.query<{ subject: string; name: string | null; token_roles: string[] | null; roles: string[] | null; last_seen_at: Date | null }>(
        `select coalesce(l.subject, r.subject) as subject, l.name, l.token_roles, r.roles, l.last_seen_at
           from user_logins l full join user_roles r on r.subject = l.subject order by l.last_seen_at desc nulls last limit 1000`,
      );
      return rows.map((r) => ({ subject: r.subject, name: r.name, tokenRoles: r.token_roles ?? [], assignedRoles: r.roles ?? [], lastSeenAt: iso(r.last_seen_at) }));
    },

    async audit(filter: { actor?: string; action?: string; since?: string; limit: number; cursor?: string }): Promise<{ items: AuditEntry[]; nextCursor: string | null }> {
      const where: string[] = [];
      const params: unknown[] = [];
      const add = (sql: string, value: unknown) => where.push(sql.replace('?', `$${params.push(value)}`));
      if (filter.actor) add('a.actor = ?', filter.actor);
      if (filter.action) add('a.action = ?', filter.action);
      if (filter.since) add('a.at >= ?', new Date(filter.since));
      if (filter.cursor) {
        const c = decodeCursor(filter.cursor);
        where.push(`(a.at, a.id) < ($${params.push(new Date(c.at))}, $${params.push(c.id)})`);
      }
      const { rows } = await deps.pool.query<{ id: string; at: Date; actor: string; action: string; target: string; actor_name: string | null }>(
        `select a.*, coalesce(k.name, l.name, case when a.actor = 'key:bootstrap' then 'bootstrap' end) as actor_name
           from (${auditSource}) a
           left join api_keys k on a.actor = 'key:' || k.key_id
           left join user_logins l on l.subject = a.actor
          ${where.length ? `where ${where.join(' and ')}` : ''}
          order by a.at desc, a.id desc limit $${params.push(filter.limit + 1)}`,
        params,
      );
      const page = rows.slice(0, filter.limit);
      const last = page[page.length - 1];
      return {
        items: page.map((r) => ({ id: r.id, at: r.at.toISOString(), actor: r.actor, actorName: r.actor_name, action: r.action, target: r.target })),
        nextCursor: rows.length > filter.limit && last ? encodeCursor(last.at.toISOString(), last.id) : null,
      };
    },
  };
}

export type IdentityQueries = ReturnType<typeof createIdentityQueries>;
