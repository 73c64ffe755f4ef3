import type { Logger, Pool, PoolClient } from '@conveyor/runtime';
import { advisoryLocks } from '@conveyor/read-model';

/** Advisory lock class of the scheduler; the object id is hashtext(key): one leader per admin topic. */
export const SCHEDULER_LOCK_CLASS = advisoryLocks.scheduler;

export interface LeaderLockOptions {
  pool: Pool;
  /** Scopes leadership (the admin-events topic, prefix included): another prefix has its own leader. */
  key: string;
  logger: Logger;
  /** Pause between a standby's attempts to become leader, in milliseconds. */
  retryMs: number;
  /** Called with true when leadership is won, false when it is lost or given up. */
  onChange?: (leader: boolean) => void;
}

/**
 * Leadership through a session advisory lock (`pg_try_advisory_lock`) held on a dedicated connection
 * (internal). The lock goes with the connection, so a crashed leader is replaced within `retryMs`; the
 * leader runs its queries on that connection, so a lost connection shows at the next query, and the
 * caller then calls `lose()`. The connection is destroyed rather than returned to the pool, so a lock can
 * never linger on a pooled session.
 */
export function createLeaderLock(options: LeaderLockOptions) {
  const log = options.logger.child({ component: 'scheduler-lock' });
  let client: PoolClient | undefined;
  let lastAttempt = Number.NEGATIVE_INFINITY;

  const drop = (reason: string, err?: unknown) => {
    const c = client;
    if (!c) return;
    client = undefined;
    log.warn({ err, reason }, 'scheduler leadership lost');
    c.release(true);
    options.onChange?.(false);
  };

  return {
    /** The connection holding the lock, trying to take it when due; undefined while standing by. */
    async acquire(): Promise<PoolClient | undefined> {
      if (client) return client;
      if (Date.now() - lastAttempt < options.retryMs) return undefined;
      lastAttempt = Date.now();
      const c = await options.pool.connect();
      let ok = false;
      try {
        const { rows } = await c.query<{ ok: boolean }>('select pg_try_advisory_lock($1, hashtext($2)) as ok', [SCHEDULER_LOCK_CLASS, options.key]);
        ok = rows[0]?.ok === true;
      } finally {
        if (!ok) c.release(true);
      }
      if (!ok) return undefined;
      client = c;
      c.on('error', (err) => { if (client === c) drop('connection error', err); });
      log.info({ key: options.key }, 'leading the scheduler');
      options.onChange?.(true);
      return c;
    },
    /** Gives leadership up after a failed query on the lock connection. */
    lose(err: unknown): void {
      drop('query failed', err);
    },
    /** Unlocks and closes the lock connection (shutdown). */
    async release(): Promise<void> {
      const c = client;
      if (!c) return;
      client = undefined;
      await c.query('select pg_advisory_unlock($1, hashtext($2))', [SCHEDULER_LOCK_CLASS, options.key]).catch(() => undefined);
      c.release(true);
      options.onChange?.(false);
    },
    get isLeader(): boolean {
      return client !== undefined;
    },
  };
}

export type LeaderLock = ReturnType<typeof createLeaderLock>;
