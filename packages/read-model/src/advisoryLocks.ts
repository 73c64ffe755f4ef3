/**
 * Every Postgres advisory lock class Conveyor takes, in one table so two mechanisms never share one
 * (a shared class would make, say, the timer-loop leader block the projector's pause protocol).
 * Two-key locks use (class, hashtext(scope)); the migration lock is the one-key form.
 */
export const advisoryLocks = {
  /** One migrator at a time (one-key lock). */
  migrations: 7_316_001,
  /** The dispatcher's timer-loop leader, per topic prefix. */
  timerLoop: 7_316_002,
  /** The cron scheduler's leader, per admin-events topic. */
  scheduler: 7_316_003,
  /** The projector's pause protocol (shared per batch, exclusive for a replay swap), per read-model schema. */
  projectorPause: 7_316_004,
} as const;
