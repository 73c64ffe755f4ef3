import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { JobTypeRegistry } from '@conveyor/job-types';
import { describeJobType, type JobTypeDescriptor } from '@conveyor/job-types/catalog';
import type { JobTypesTableRow } from '@conveyor/read-model';
import type { Logger, Pool } from '@conveyor/runtime';
import { ajvFieldErrors } from './ajvFieldErrors';
import type { CatalogJobType, SubmissionJobTypes } from './submissionJobTypes';

export interface JobTypeCatalogDeps {
  pool: Pick<Pool, 'query'>;
  /** The admin-events topic (prefix included) whose catalog this process reads. */
  adminTopic: string;
  /** The compiled types: their zod schemas keep validating their payloads (the catalog's JSON Schema is derived from them). */
  compiled: JobTypeRegistry;
  /** The catalog is read again when older than this before a submission, in milliseconds. */
  refreshMs: number;
  logger: Pick<Logger, 'warn'>;
  /** In milliseconds (performance.now() by default). */
  clock?: () => number;
}

/** A type as GET /v1/job-types of the command API lists it. */
export type CatalogListItem = JobTypeDescriptor;

/** A name asked for but unknown refreshes the catalog at once, at most this often (in milliseconds): a bad name cannot load the database. */
const missRefreshGapMs = 200;

type LatestRow = Pick<JobTypesTableRow, 'type' | 'version' | 'queue' | 'description' | 'side_effects' | 'defaults' | 'payload_schema'>;

/**
 * The job types submissions may name (public): the compiled ones, and the latest version of every type of the
 * catalog read model (`job_types`, registered by workers at run time), whose payloads are validated with its
 * JSON Schema by ajv (compiled once per type and version, then cached). Read again before a submission when
 * older than `refreshMs`, or at once when the submission names a type it does not know.
 */
export function createJobTypeCatalog(deps: JobTypeCatalogDeps): SubmissionJobTypes & { describeAll(): Promise<CatalogListItem[]> } {
  const clock = deps.clock ?? (() => performance.now());
  // The compiled types' descriptions (their JSON Schemas derived from zod) once, not on every GET /v1/job-types.
  const compiledDescriptions = new Map(deps.compiled.list().map((def) => [def.type, describeJobType(def)]));
  const ajv = addFormats(new Ajv2020({ allErrors: true, strict: false, useDefaults: true }));
  const validators = new Map<string, ValidateFunction>();
  let latest = new Map<string, CatalogJobType>();
  let loadedAt = -Infinity;
  let loading: Promise<void> | undefined;

  const validatorOf = (row: LatestRow): ValidateFunction | undefined => {
    const key = `${row.type}@${row.version}`;
    let validate = validators.get(key);
    if (!validate) {
      try {
        validate = ajv.compile(row.payload_schema as object);
      } catch (err) {
        deps.logger.warn({ err, type: row.type, version: row.version }, 'the payload schema of a catalog job type does not compile; the type is left out');
        return undefined;
      }
      validators.set(key, validate);
    }
    return validate;
  };

  const toEntry = (row: LatestRow, validate: ValidateFunction): CatalogJobType => ({
    type: row.type, version: row.version, queue: row.queue, description: row.description, sideEffects: row.side_effects,
    defaults: row.defaults, payloadSchema: row.payload_schema,
    checkPayload(payload, base) {
      const value = structuredClone(payload); // ajv applies the schema's defaults in place
      return validate(value) ? { ok: true, value } : { ok: false, errors: ajvFieldErrors(validate.errors, base) };
    },
  });

  const load = async (): Promise<void> => {
    const { rows } = await deps.pool.query<LatestRow>(
      `select distinct on (type) type, version, queue, description, side_effects, defaults, payload_schema
       from job_types where admin_topic = $1 order by type, version desc`, [deps.adminTopic],
    );
    const next = new Map<string, CatalogJobType>();
    for (const row of rows) {
      const validate = validatorOf(row);
      if (validate) next.set(row.type, toEntry(row, validate));
    }
    latest = next;
  };
  const refresh = (): Promise<void> => {
    loading ??= (async () => {
      const started = clock();
      try {
        await load();
        loadedAt = started;
      } catch (err) {
        // The compiled types and the last catalog read keep working while Postgres is away.
        deps.logger.warn({ err }, 'the job-type catalog could not be read; submissions use the last one read');
      } finally {
        loading = undefined;
      }
    })();
    return loading;
  };

  const types = () => [...new Set([...deps.compiled.types(), ...latest.keys()])].sort();
  const ensure = async (named: readonly string[]): Promise<void> => {
    const age = clock() - loadedAt;
    const missing = named.some((t) => !deps.compiled.get(t) && !latest.has(t));
    if (age > deps.refreshMs || (missing && age > missRefreshGapMs)) await refresh();
  };
  return {
    get: (type) => deps.compiled.get(type) ?? latest.get(type),
    types,
    ensure,
    /** Every type as GET /v1/job-types lists it, from a fresh enough catalog. */
    async describeAll() {
      await ensure([]);
      return types().map((type): CatalogListItem => {
        const entry = latest.get(type);
        const described = compiledDescriptions.get(type);
        if (!described) {
          const { checkPayload: _check, secretFields: _secrets, ...item } = entry as CatalogJobType;
          return item;
        }
        // A compiled type: its own schema, the catalog's version and queue once it is registered.
        return { ...described, version: entry?.version ?? described.version, queue: entry?.queue ?? described.queue };
      });
    },
  };
}

export type JobTypeCatalog = ReturnType<typeof createJobTypeCatalog>;
