import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { generateApiKey, isRole, type Role } from '@conveyor/auth';
import { ConflictError, NotFoundError, UnavailableError } from '@conveyor/errors';
import { eventMessage, type IdentityEvent, type IdentityMetadata } from '@conveyor/events';
import type { EventSerde } from '@conveyor/kafka';
import type { LogPosition } from '@conveyor/read-model';
import { injectTraceContext, type Pool } from '@conveyor/runtime';
import { publishAcknowledged, type AcknowledgedPublisher } from '../kafka/publishAcknowledged';
import type { ProjectionProgress } from '../positions/createProjectionProgress';
import { parseApiKeyRequest, parseUserRolesRequest } from './parseIdentityRequests';

export interface IdentityServiceDeps {
  pool: Pick<Pool, 'query'>;
  /** Serde of the admin-events topic with `identityEventSchemas`, registerAll() already called. */
  serde: Pick<EventSerde, 'encode'>;
  publisher: AcknowledgedPublisher;
  /** The admin-events topic, prefix included. */
  topic: string;
  /** How long to wait for Kafka's acknowledgement, in milliseconds; then 503. */
  publishTimeoutMs: number;
  progress: ProjectionProgress;
  /** How long a key command waits for the identity projection (the key works only once projected), in milliseconds; then 503. */
  projectionWaitMs: number;
  now: () => number;
}

/** An API key as the command answers it: the key itself only on creation and rotation. */
export interface ApiKeyAnswer {
  id: string;
  prefix: string;
  name: string;
  roles: Role[];
  expiresAt: string | null;
  createdAt: string;
  key: string;
}

interface KeyRow { key_id: string; name: string; roles: string[]; expires_at: Date | null; created_at: Date; revoked_at: Date | null }

/**
 * API keys and user roles as facts of the admin log (public): each command publishes an identity event
 * (the key's hash, never the key) and answers only once the identity projection has applied it, so a
 * created key works for the next request and a revoked one is refused (within the APIs' lookup cache TTL).
 */
export function createIdentityService(deps: IdentityServiceDeps) {
  const meta = (subjectId: string, actor: string): IdentityMetadata => {
    const carrier = injectTraceContext({});
    return { eventId: randomUUID(), subjectId, occurredAt: deps.now(), actor, traceparent: carrier.traceparent ?? null, tracestate: carrier.tracestate ?? null };
  };

  /** Publishes and waits until the identity projection passed the event. */
  const publish = async (event: IdentityEvent): Promise<LogPosition[]> => {
    const { subjectId, occurredAt, traceparent, tracestate } = event.data.meta;
    const value = await deps.serde.encode(event.type, event.data);
    const positions = await publishAcknowledged(deps.publisher, [{
      topic: deps.topic, message: eventMessage({ type: event.type, key: subjectId, occurredAt, traceparent, tracestate }, value),
    }], deps.publishTimeoutMs);
    const deadline = performance.now() + deps.projectionWaitMs;
    while (!(await deps.progress.passed('identity', positions))) {
      if (performance.now() > deadline) throw new UnavailableError('the key change is in the log but not yet in effect (the identity projection is behind); it takes effect shortly');
      await sleep(25);
    }
    return positions;
  };

  const load = async (keyId: string): Promise<KeyRow> => {
    const { rows } = await deps.pool.query<KeyRow>('select key_id, name, roles, expires_at, created_at, revoked_at from api_keys where key_id = $1', [keyId]);
    const row = rows[0];
    if (!row) throw new NotFoundError(`API key ${keyId} does not exist`);
    if (row.revoked_at) throw new ConflictError(`API key ${keyId} was revoked`);
    return row;
  };

  return {
    async create(body: unknown, actor: string): Promise<ApiKeyAnswer> {
      const request = parseApiKeyRequest(body, deps.now());
      const id = randomUUID();
      const generated = generateApiKey();
      const expiresAt = request.expiresAt ? Date.parse(request.expiresAt) : null;
      const event: IdentityEvent = {
        type: 'ApiKeyCreated',
        data: {
          meta: meta(id, actor), name: request.name, roles: request.roles, prefix: generated.prefix, keyHash: generated.hash,
          expiresAt, rateLimitsJson: request.rateLimits ? JSON.stringify(request.rateLimits) : null,
        },
      };
      await publish(event);
      return {
        id, prefix: generated.prefix, name: request.name, roles: request.roles,
        expiresAt: expiresAt === null ? null : new Date(expiresAt).toISOString(), createdAt: new Date(event.data.meta.occurredAt).toISOString(), key: generated.key,
      };
    },

    async rotate(keyId: string, actor: string): Promise<ApiKeyAnswer> {
      const row = await load(keyId);
      const generated = generateApiKey();
      await publish({ type: 'ApiKeyRotated', data: { meta: meta(keyId, actor), prefix: generated.prefix, keyHash: generated.hash } });
      return {
        id: keyId, prefix: generated.prefix, name: row.name, roles: row.roles.filter(isRole),
        expiresAt: row.expires_at?.toISOString() ?? null, createdAt: row.created_at.toISOString(), key: generated.key,
      };
    },

    async revoke(keyId: string, actor: string): Promise<void> {
      await load(keyId);
      await publish({ type: 'ApiKeyRevoked', data: { meta: meta(keyId, actor) } });
    },

    async assignRoles(subject: string, body: unknown, actor: string): Promise<{ subject: string; roles: Role[] }> {
      const { roles } = parseUserRolesRequest(body);
      await publish({ type: 'UserRolesAssigned', data: { meta: meta(subject, actor), roles } });
      return { subject, roles };
    },
  };
}

export type IdentityService = ReturnType<typeof createIdentityService>;
