/** What the claims table says of an attempt this worker could not claim (one row, or none). */
export interface ClaimRow {
  workerId: string;
  /** Whether its outcome is stored (decided). */
  decided: boolean;
  /** Milliseconds until its lease lapses (0 when lapsed); null for a claim made before leases existed. */
  leaseLeftMs: number | null;
}

/** What to do with a work item whose attempt another claim holds. */
export type HeldClaim =
  /** Nothing to run: the job was cancelled, the attempt is this worker's already, or its outcome is decided. */
  | { kind: 'skip' }
  /** A live worker runs it and heartbeats: look again once its lease could have lapsed. */
  | { kind: 'held'; retryInMs: number };

/** Margin after a lease's end before looking again, in milliseconds: the holder's heartbeat may be in flight. */
export const leaseMarginMs = 250;

/**
 * Decides about an attempt the claim statement did not give this worker (pure). A live holder that
 * has not decided the attempt is waited for, not skipped: were its process to die afterwards, no one
 * else would run the attempt, since this worker's offset would have moved past the work item.
 */
export function decideHeldClaim(row: ClaimRow | undefined, workerId: string): HeldClaim {
  if (!row || row.workerId === workerId || row.decided || row.leaseLeftMs === null) return { kind: 'skip' };
  return { kind: 'held', retryInMs: row.leaseLeftMs + leaseMarginMs };
}

/** How often a worker extends the leases of its running attempts: three times per lease, in milliseconds. */
export function heartbeatIntervalMs(leaseMs: number): number {
  return Math.max(50, Math.floor(leaseMs / 3));
}
