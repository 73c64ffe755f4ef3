import { z } from 'zod';
import { json, problem, ref } from '@conveyor/runtime';
import { apiKeyRequestSchema, userRolesRequestSchema } from './parseIdentityRequests';

const keyId = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const common = {
  400: problem('Malformed JSON or invalid fields (VALIDATION_FAILED, with `errors`).'),
  503: problem('Kafka did not acknowledge in time, or the change is not in effect yet; retry.'),
};

/** The identity commands of the OpenAPI document (public). */
export const identityPaths = {
  '/v1/admin/api-keys': {
    post: {
      operationId: 'createApiKey', summary: 'Create an API key; the key is in this answer only (stored as a SHA-256 hash)',
      requestBody: { required: true, content: json(ref('ApiKeyRequest')) },
      responses: { 201: { description: 'Created; the key works from now on.', content: json(ref('ApiKeyCreated')) }, ...common },
    },
  },
  '/v1/admin/api-keys/{id}/rotate': {
    post: {
      operationId: 'rotateApiKey', summary: 'Replace a key by a new one (same id, name and roles); the old key is refused within the lookup cache TTL (≤ 5 s)',
      parameters: [keyId],
      responses: { 201: { description: 'The new key.', content: json(ref('ApiKeyCreated')) }, 404: problem('No such key.'), 409: problem('The key was revoked.'), 503: common[503] },
    },
  },
  '/v1/admin/api-keys/{id}': {
    delete: {
      operationId: 'revokeApiKey', summary: 'Revoke a key; it is refused within the lookup cache TTL (≤ 5 s)',
      parameters: [keyId],
      responses: { 204: { description: 'Revoked.' }, 404: problem('No such key.'), 409: problem('Already revoked.'), 503: common[503] },
    },
  },
  '/v1/admin/users/{subject}/roles': {
    put: {
      operationId: 'assignUserRoles', summary: 'Set the roles a user (OIDC subject) holds besides those of its tokens',
      parameters: [{ name: 'subject', in: 'path', required: true, schema: { type: 'string', maxLength: 255 } }],
      requestBody: { required: true, content: json(ref('UserRolesRequest')) },
      responses: { 200: { description: 'Assigned.', content: json(ref('UserRoles')) }, ...common },
    },
  },
};

const schemaOf = (schema: z.ZodType) => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input' });
  return rest;
};
const roleList = { type: 'array', items: { enum: ['viewer', 'submitter', 'operator', 'admin'] } };

/** The identity components of the OpenAPI document (public). */
export const identityComponents = {
  ApiKeyRequest: schemaOf(apiKeyRequestSchema),
  UserRolesRequest: schemaOf(userRolesRequestSchema),
  ApiKeyCreated: {
    type: 'object', required: ['id', 'prefix', 'name', 'roles', 'expiresAt', 'createdAt', 'key'],
    properties: {
      id: { type: 'string', format: 'uuid' }, prefix: { type: 'string' }, name: { type: 'string' }, roles: roleList,
      expiresAt: { type: ['string', 'null'], format: 'date-time' }, createdAt: { type: 'string', format: 'date-time' },
      key: { type: 'string', description: 'cvk_<prefix>_<secret>: send it as Authorization: Bearer <key>. Shown once.' },
    },
  },
  UserRoles: { type: 'object', required: ['subject', 'roles'], properties: { subject: { type: 'string' }, roles: roleList } },
};
