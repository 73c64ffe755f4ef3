import { z } from 'zod';
import { projectionRegistry } from '../projections';
import type { ReplayKind } from './replayRuns';

const instant = z.iso.datetime({ offset: true }).transform((s) => Date.parse(s));

/** Options of `rebuild` (CLI flags and POST /v1/admin/replays bodies alike). */
export const rebuildOptionsSchema = z.object({
  /** A projection of the job-events topic, or `all` (the registry's rebuildTargets). */
  projection: z.string().refine((p) => projectionRegistry.rebuildTargets.includes(p), { message: `one of ${projectionRegistry.rebuildTargets.join(', ')}` }).default('all'),
  from: z.union([z.literal('earliest'), instant]).default('earliest'),
  force: z.boolean().default(false),
  dryRun: z.boolean().default(false),
  keepRetired: z.boolean().default(false),
  maxRate: z.number().int().positive().optional(),
  liveSchema: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/).optional(),
  liveWaitMs: z.number().int().positive().optional(),
});

/** Options of `redrive`; `types` (the dashboard's list) and `type` both filter by job type. */
export const redriveOptionsSchema = z.object({
  type: z.string().min(1).optional(),
  types: z.array(z.string().min(1)).max(1).optional(),
  cause: z.string().min(1).optional(),
  since: instant.optional(),
  dryRun: z.boolean().default(false),
  maxRedrives: z.number().int().min(1).max(1000).optional(),
  actor: z.string().min(1).optional(),
  reason: z.string().max(1000).optional(),
});

/** Options of `as-of`. */
export const asOfOptionsSchema = z.object({ asOf: instant });

export type RebuildRunOptions = z.infer<typeof rebuildOptionsSchema>;
export type RedriveRunOptions = z.infer<typeof redriveOptionsSchema>;
export type AsOfRunOptions = z.infer<typeof asOfOptionsSchema>;

/** Parses stored run options by kind (throws a ZodError on bad options). */
export function parseRunOptions(kind: ReplayKind, options: unknown) {
  switch (kind) {
    case 'rebuild': return { kind, options: rebuildOptionsSchema.parse(options) } as const;
    case 'redrive': return { kind, options: redriveOptionsSchema.parse(options) } as const;
    case 'as-of': return { kind, options: asOfOptionsSchema.parse(options) } as const;
    default: {
      const _exhaustive: never = kind;
      return _exhaustive;
    }
  }
}
