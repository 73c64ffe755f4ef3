/**
 * What `rebuild` can name (public): one read model projected from the job-events topic, or `all`. The
 * processors' projection registry holds the projections themselves; its unit test checks that it offers
 * exactly these, so the command API can validate a request without importing a deployable.
 */
export const rebuildTargets = ['all', 'jobs', 'job_events', 'job_stats_minute'] as const;

export type RebuildTarget = (typeof rebuildTargets)[number];
