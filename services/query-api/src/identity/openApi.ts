import { json, problem, ref } from '@conveyor/runtime';

const roleList = { type: 'array', items: { enum: ['viewer', 'submitter', 'operator', 'admin'] } };
const dateOrNull = { type: ['string', 'null'], format: 'date-time' };
const list = (item: string) => ({ type: 'object', required: ['items'], properties: { items: { type: 'array', items: ref(item) } } });
const q = (name: string, schema: object, description: string) => ({ name, in: 'query', required: false, schema, description });

/** The identity reads of the OpenAPI document (public). */
export const identityPaths = {
  '/v1/me': {
    get: { operationId: 'me', summary: 'The caller: principal id, kind, name and roles', responses: { 200: { description: 'The principal.', content: json(ref('Principal')) } } },
  },
  '/v1/admin/api-keys': {
    get: { operationId: 'listApiKeys', summary: 'API keys: prefix only, never the key', responses: { 200: { description: 'Newest first.', content: json(list('ApiKey')) } } },
  },
  '/v1/admin/users': {
    get: { operationId: 'listUsers', summary: 'Users seen (OIDC subjects) and the roles assigned to them', responses: { 200: { description: 'Last seen first.', content: json(list('User')) } } },
  },
  '/v1/audit': {
    get: {
      operationId: 'listAudit', summary: 'Who did what, when: job submissions and cancellations, dead-letter requeues and discards, schedule creations, replays, API keys and user roles',
      parameters: [
        q('actor', { type: 'string' }, 'A principal id: an OIDC subject or key:<keyId>.'),
        q('action', { type: 'string' }, 'job.submit, job.cancel, dead-letter.requeue, dead-letter.discard, schedule.create, replay.<kind>, api-key.create|rotate|revoke, user.roles, webhook.create|delete.'),
        q('since', { type: 'string', format: 'date-time' }, 'Only actions at or after this time.'),
        q('limit', { type: 'integer', minimum: 1, maximum: 500, default: 100 }, 'Page size.'),
        q('cursor', { type: 'string' }, 'nextCursor of the previous page.'),
      ],
      responses: { 200: { description: 'Newest first.', content: json(ref('AuditPage')) }, 400: problem('An invalid filter or cursor.') },
    },
  },
};

/** The identity components of the OpenAPI document (public). */
export const identityComponents = {
  Principal: {
    type: 'object', required: ['id', 'kind', 'name', 'roles'],
    properties: {
      id: { type: 'string' }, kind: { enum: ['user', 'apiKey'] }, name: { type: 'string' }, roles: roleList,
      rateLimits: { type: 'object', properties: { submitPerSecond: { type: 'number' }, readsPerSecond: { type: 'number' } } },
    },
  },
  ApiKey: {
    type: 'object', required: ['id', 'name', 'prefix', 'roles', 'expiresAt', 'createdAt', 'createdBy', 'rotatedAt', 'revokedAt', 'lastUsedAt'],
    properties: {
      id: { type: 'string', format: 'uuid' }, name: { type: 'string' }, prefix: { type: 'string' }, roles: roleList, expiresAt: dateOrNull,
      createdAt: { type: 'string', format: 'date-time' }, createdBy: { type: 'string' }, rotatedAt: dateOrNull, revokedAt: dateOrNull, lastUsedAt: dateOrNull,
    },
  },
  User: {
    type: 'object', required: ['subject', 'name', 'tokenRoles', 'assignedRoles', 'lastSeenAt'],
    properties: { subject: { type: 'string' }, name: { type: ['string', 'null'] }, tokenRoles: roleList, assignedRoles: roleList, lastSeenAt: dateOrNull },
  },
  AuditPage: {
    type: 'object', required: ['items', 'nextCursor'],
    properties: {
      items: {
        type: 'array',
        items: {
          type: 'object', required: ['id', 'at', 'actor', 'actorName', 'action', 'target'],
          properties: {
            id: { type: 'string' }, at: { type: 'string', format: 'date-time' }, actor: { type: 'string' }, actorName: { type: ['string', 'null'] },
            action: { type: 'string' }, target: { type: 'string', description: 'job:<id>, dead-letter:<id>, schedule:<id>, api-key:<id>, user:<subject>, replay:<id> or webhook:<id>.' },
          },
        },
      },
      nextCursor: { type: ['string', 'null'] },
    },
  },
};
