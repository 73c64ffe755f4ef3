import { z } from 'zod';
import { roles } from '@conveyor/auth';
import { ValidationError } from '@conveyor/errors';
import { fieldErrors } from '../http/fieldErrors';

/** The body of POST /v1/admin/api-keys (public, for the OpenAPI document). */
export const apiKeyRequestSchema = z.object({
  name: z.string().trim().min(1).max(100),
  roles: z.array(z.enum(roles)).min(1).max(roles.length),
  /** ISO 8601; must be in the future. */
  expiresAt: z.iso.datetime({ offset: true }).optional(),
  rateLimits: z.object({
    submitPerSecond: z.number().positive().max(100_000).optional(),
    readsPerSecond: z.number().positive().max(100_000).optional(),
  }).strict().optional(),
}).strict();

/** The body of PUT /v1/admin/users/{subject}/roles (public). */
export const userRolesRequestSchema = z.object({ roles: z.array(z.enum(roles)).max(roles.length) }).strict();

export type ApiKeyRequest = z.infer<typeof apiKeyRequestSchema>;

/** Parses a key creation request (pure); 400 with field errors, or when `expiresAt` is not in the future. */
export function parseApiKeyRequest(body: unknown, now: number): ApiKeyRequest {
  const parsed = apiKeyRequestSchema.safeParse(body);
  if (!parsed.success) throw new ValidationError('invalid API key request', fieldErrors(parsed.error.issues));
  if (parsed.data.expiresAt && Date.parse(parsed.data.expiresAt) <= now) {
    throw new ValidationError('invalid API key request', [{ path: '/expiresAt', message: 'must be in the future' }]);
  }
  return parsed.data;
}

/** Parses a role assignment (pure); 400 with field errors. */
export function parseUserRolesRequest(body: unknown): z.infer<typeof userRolesRequestSchema> {
  const parsed = userRolesRequestSchema.safeParse(body);
  if (!parsed.success) throw new ValidationError('invalid role assignment', fieldErrors(parsed.error.issues));
  return parsed.data;
}
