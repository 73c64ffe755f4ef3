import { setTimeout as delay } from 'node:timers/promises';
import type { HandlerPorts } from '@conveyor/job-types';
import type { Pool } from '@conveyor/runtime';

/** Statement timeout of a handler's read-model query, in milliseconds. */
const queryTimeoutMs = 30_000;

/**
 * The real ports job handlers receive (T `createActivities(db)`): the global fetch, read-only SQL on
 * the read model (a READ ONLY transaction with a statement timeout), and an abortable sleep.
 */
export function createHandlerPorts(deps: { pool: Pool; fetch?: typeof fetch }): HandlerPorts {
  return {
    fetch: deps.fetch ?? globalThis.fetch,
    async queryReadModel<R extends Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<R[]> {
      const client = await deps.pool.connect();
      try {
        await client.query('begin read only');
        await client.query(`set local statement_timeout = ${queryTimeoutMs}`);
        const { rows } = await client.query<R>(sql, params);
        await client.query('commit');
        return rows;
      } catch (err) {
        await client.query('rollback').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    async sleep(ms: number, signal: AbortSignal): Promise<void> {
      signal.throwIfAborted();
      await delay(ms, undefined, { signal }).catch((err: unknown) => {
        throw signal.aborted ? signal.reason : err;
      });
    },
  };
}
