import { z } from 'zod';
import { ValidationError, type FieldError } from '@conveyor/errors';
import { rebuildTargets } from '@conveyor/read-model';

const instant = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time, e.g. 2026-01-31T12:00:00Z' });
const common = { dryRun: z.boolean().optional(), reason: z.string().max(1000).optional() };

/**
 * The body of POST /v1/admin/replays. `kind` defaults to `rebuild`, so the dashboard's `{from, to?, types?, dryRun?}`
 * is a rebuild from `from` (`to` and `types` are recorded; a rebuild always replays every type up to now).
 */
export const replayRequestSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('rebuild'), projection: z.enum(rebuildTargets).default('all'), from: z.union([z.literal('earliest'), instant]).default('earliest'),
    to: instant.optional(), types: z.array(z.string().max(200)).max(50).optional(), force: z.boolean().optional(),
    keepRetired: z.boolean().optional(), maxRate: z.number().int().positive().optional(), ...common,
  }),
  z.strictObject({
    kind: z.literal('redrive'), type: z.string().min(1).max(200).optional(), types: z.array(z.string().max(200)).max(1).optional(),
    cause: z.enum(['attempts_exhausted', 'non_retriable', 'poison_message', 'unknown_type']).optional(), since: instant.optional(),
    maxRedrives: z.number().int().min(1).max(1000).optional(), ...common,
  }),
  z.strictObject({ kind: z.literal('as-of'), asOf: instant, ...common }),
]);

export type ReplayRequest = z.infer<typeof replayRequestSchema>;

/** Parses a replay request body (pure); throws ValidationError (400) naming each bad field. */
export function parseReplayRequest(body: unknown): ReplayRequest {
  const withKind = body && typeof body === 'object' && !Array.isArray(body) && !('kind' in body) ? { ...body, kind: 'rebuild' } : body;
  const result = replayRequestSchema.safeParse(withKind);
  if (result.success) return result.data;
  const errors: FieldError[] = result.error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: `/${key}`, message: 'unknown field' }))
      : [{ path: issue.path.length ? `/${issue.path.join('/')}` : '/', message: issue.message }]);
  throw new ValidationError('invalid replay request', errors);
}
