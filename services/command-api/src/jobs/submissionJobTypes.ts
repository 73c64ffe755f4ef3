import type { FieldError } from '@conveyor/errors';
import type { JobTypeDefinition } from '@conveyor/job-types';
import type { JobTypeDescriptor } from '@conveyor/job-types/catalog';

/** A job type known from the catalog only (registered at run time by a worker): its payload checked by JSON Schema. */
export interface CatalogJobType extends JobTypeDescriptor {
  /** Catalog types name no secret fields: only compiled types seal payloads. */
  secretFields?: undefined;
  /** The payload with the schema's defaults applied, or field errors with pointers under `base`. */
  checkPayload(payload: unknown, base: string): { ok: true; value: unknown } | { ok: false; errors: FieldError[] };
}

/**
 * The job types a submission may name (public): a compiled registry (`createJobTypeRegistry`), or the catalog
 * (`createJobTypeCatalog`), which also holds the types workers registered at run time.
 */
export interface SubmissionJobTypes {
  get(type: string): JobTypeDefinition<unknown, unknown> | CatalogJobType | undefined;
  types(): string[];
  /** Looks the named types up in a fresh enough catalog before a submission is parsed (refreshing it when needed). */
  ensure?(types: readonly string[]): Promise<void>;
}

/** The job types a submission body names (pure): `type`, `jobs[].type` (a batch), `jobTemplate.type` (a schedule); nothing for garbage. */
export function namedJobTypes(body: unknown): string[] {
  const typeOf = (v: unknown) => (v && typeof v === 'object' && typeof (v as { type?: unknown }).type === 'string' ? [(v as { type: string }).type] : []);
  if (!body || typeof body !== 'object') return [];
  const b = body as { jobs?: unknown; jobTemplate?: unknown };
  return [...typeOf(body), ...(Array.isArray(b.jobs) ? b.jobs.flatMap(typeOf) : []), ...typeOf(b.jobTemplate)];
}
