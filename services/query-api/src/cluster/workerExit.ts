/** What the primary knows when one of its workers exits. */
export interface WorkerExit {
  /** The primary is stopping: every worker was asked to. */
  shuttingDown: boolean;
  /** The worker had started listening before it exited. */
  wasListening: boolean;
}

/**
 * What the primary does about a worker that exited (pure): nothing while it stops; a new worker in its
 * place when it had been serving (a crash, an out-of-memory kill); and stop the whole service (exit 1)
 * when it died while starting, since its siblings would fail the same way (a bad database URL, Postgres
 * away) and forking again would only loop.
 */
export function decideWorkerExit(exit: WorkerExit): 'ignore' | 'replace' | 'stop' {
  if (exit.shuttingDown) return 'ignore';
  return exit.wasListening ? 'replace' : 'stop';
}
