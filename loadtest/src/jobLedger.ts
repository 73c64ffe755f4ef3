/** How a followed job ended. */
export type Outcome = 'succeeded' | 'failed' | 'dead-lettered' | 'cancelled';

/** What the ledger knows of an accepted job that has not settled yet. */
export interface LedgerEntry {
  jobId: string;
  /** Intended send time (epoch ms): latencies count from here. */
  intendedAt: number;
  /** When the 202 arrived (epoch ms). */
  acceptedAt: number;
  /** Schedule phase (ramp step) it was sent in. */
  phase: number;
  outcome: Outcome | null;
  /** When the first terminal event was observed (epoch ms). */
  settledAt: number | null;
}

/** A job that has just reached its first terminal event. */
export interface Settled {
  entry: LedgerEntry;
  outcome: Outcome;
  /** Observation time minus intended send time, in milliseconds. */
  latencyMs: number;
}

/** The balance of a run: every accepted job is accounted for exactly once. */
export interface Tally {
  accepted: number;
  succeeded: number;
  failed: number;
  deadLettered: number;
  cancelled: number;
  /** Accepted, but no terminal event seen (yet, or ever). */
  missing: number;
}

/**
 * Matches acceptances (HTTP 202) with terminal job events by job id. An event may arrive before its
 * 202 (Kafka is written before the API answers), so events for unknown ids wait in a bounded buffer.
 * A `JobFailed` may be followed by `JobDeadLettered`: the job then counts as dead-lettered, not failed.
 * Settled jobs are forgotten (only counts stay), so memory follows the backlog, not the run length.
 */
export function createJobLedger(options: { maxEarly?: number } = {}) {
  const maxEarly = options.maxEarly ?? 200_000;
  const open = new Map<string, LedgerEntry>();
  const failedIds = new Set<string>();
  const early = new Map<string, { outcome: Outcome; at: number }>();
  const counts: Tally = { accepted: 0, succeeded: 0, failed: 0, deadLettered: 0, cancelled: 0, missing: 0 };

  const bump = (outcome: Outcome, by: number) => {
    if (outcome === 'succeeded') counts.succeeded += by;
    else if (outcome === 'failed') counts.failed += by;
    else if (outcome === 'dead-lettered') counts.deadLettered += by;
    else counts.cancelled += by;
  };

  const settle = (entry: LedgerEntry, outcome: Outcome, at: number): Settled => {
    entry.outcome = outcome;
    entry.settledAt = at;
    bump(outcome, 1);
    open.delete(entry.jobId);
    if (outcome === 'failed') failedIds.add(entry.jobId);
    return { entry, outcome, latencyMs: Math.max(0, at - entry.intendedAt) };
  };

  return {
    /** Records a 202. Returns the settlement when its terminal event had already been seen. */
    accept(jobId: string, intendedAt: number, acceptedAt: number, phase = 0): Settled | undefined {
      if (open.has(jobId) || failedIds.has(jobId)) return undefined; // the same id twice (idempotent replay): count once
      counts.accepted += 1;
      const entry: LedgerEntry = { jobId, intendedAt, acceptedAt, phase, outcome: null, settledAt: null };
      open.set(jobId, entry);
      const seen = early.get(jobId);
      if (!seen) return undefined;
      early.delete(jobId);
      return settle(entry, seen.outcome, Math.max(seen.at, acceptedAt));
    },
    /** Records a terminal event observed at `at` (epoch ms). Returns the settlement when it is the job's first. */
    observe(jobId: string, outcome: Outcome, at: number): Settled | undefined {
      const entry = open.get(jobId);
      if (entry) return settle(entry, outcome, at);
      if (failedIds.has(jobId)) {
        if (outcome === 'dead-lettered') {
          failedIds.delete(jobId);
          counts.failed -= 1;
          counts.deadLettered += 1;
        }
        return undefined;
      }
      if (!early.has(jobId) || outcome === 'dead-lettered') {
        early.delete(jobId);
        early.set(jobId, { outcome, at });
        if (early.size > maxEarly) early.delete(early.keys().next().value as string);
      }
      return undefined;
    },
    /** Jobs accepted and not settled. */
    outstanding(): number {
      return open.size;
    },
    /** The ids still open (for diagnostics), at most `limit`. */
    openIds(limit = 10): string[] {
      return [...open.keys()].slice(0, limit);
    },
    tally(): Tally {
      return { ...counts, missing: open.size };
    },
  };
}

export type JobLedger = ReturnType<typeof createJobLedger>;

/** Problems with a tally's balance (empty when accepted = succeeded + failed + dead-lettered + cancelled + missing). */
export function balanceProblems(t: Tally): string[] {
  const sum = t.succeeded + t.failed + t.deadLettered + t.cancelled + t.missing;
  const problems: string[] = [];
  if (sum !== t.accepted) problems.push(`accepted ${t.accepted} ≠ succeeded ${t.succeeded} + failed ${t.failed} + dead-lettered ${t.deadLettered} + cancelled ${t.cancelled} + missing ${t.missing} (= ${sum})`);
  for (const [k, v] of Object.entries(t)) if (v < 0) problems.push(`${k} is negative (${v})`);
  return problems;
}
