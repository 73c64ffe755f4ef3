import { breakingChanges, sameSchema, type JsonSchema } from './payloadCompatibility';

/** A version of a job type as the catalog holds it (or as a worker announces it). */
export interface JobTypeVersion {
  type: string;
  /** 1 or more. */
  version: number;
  queue: string;
  payloadSchema: JsonSchema;
}

/**
 * What the catalog does with an announcement (pure):
 * - `registered`: a new type, or a version above the latest whose schema accepts every payload the latest accepted;
 * - `unchanged`: a version already registered with the same schema and queue (a restart, another replica);
 * - `refused`: with the reason, which the announcing worker fails to start with.
 */
export type JobTypeRegistrationDecision =
  | { outcome: 'registered'; firstVersion: boolean }
  | { outcome: 'unchanged' }
  | { outcome: 'refused'; reason: string };

/**
 * Decides whether a worker may register `announced` given the versions of that type already in the catalog
 * (pure; `known` in any order, all of the same type). Versions run side by side: every registered version
 * stays, so workers of an older version keep starting during a rolling upgrade; submissions are validated
 * against the latest. Refused: a registered version announced with another schema or queue, a version below
 * the latest that was never registered, and a new version that is not backward compatible with the latest
 * (see {@link breakingChanges}) — such a change needs a new type name.
 */
export function decideJobTypeRegistration(announced: JobTypeVersion, known: readonly JobTypeVersion[]): JobTypeRegistrationDecision {
  const { type, version } = announced;
  if (!Number.isInteger(version) || version < 1) return { outcome: 'refused', reason: `job type ${type}: version must be a whole number of 1 or more, got ${version}` };
  if (!known.length) return { outcome: 'registered', firstVersion: true };
  const same = known.find((k) => k.version === version);
  if (same) {
    if (!sameSchema(same.payloadSchema, announced.payloadSchema)) {
      return { outcome: 'refused', reason: `job type ${type} version ${version} is registered with another payload schema; announce the change as version ${latestOf(known).version + 1}` };
    }
    if (same.queue !== announced.queue) {
      return { outcome: 'refused', reason: `job type ${type} version ${version} is registered on queue ${same.queue}, not ${announced.queue}; announce the change as version ${latestOf(known).version + 1}` };
    }
    return { outcome: 'unchanged' };
  }
  const latest = latestOf(known);
  if (version < latest.version) {
    return { outcome: 'refused', reason: `job type ${type} version ${version} was never registered and is older than the latest, version ${latest.version}` };
  }
  const breaking = breakingChanges(latest.payloadSchema, announced.payloadSchema);
  if (breaking.length) {
    return {
      outcome: 'refused',
      reason: `job type ${type} version ${version} is not backward compatible with version ${latest.version}: ${breaking.join('; ')}. ` +
        'Payloads accepted before must stay valid (jobs already submitted run on the new version); register the change under a new type name',
    };
  }
  return { outcome: 'registered', firstVersion: false };
}

/** The highest version of a non-empty list (pure). */
export function latestOf<V extends { version: number }>(versions: readonly V[]): V {
  return versions.reduce((a, b) => (b.version > a.version ? b : a));
}
