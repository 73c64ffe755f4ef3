import { abortableSleep, type HandlerPorts } from '@conveyor/job-types';
import { createEgressFetch, createEgressPolicy, egressSettingsOf } from '@conveyor/job-types/egress';
import type { Pool } from '@conveyor/runtime';
import type { Config } from '../config';

/** Statement timeout of a handler's read-model query, in milliseconds. */
const queryTimeoutMs = 30_000;

/** The egress settings of the processors' configuration. */
export type EgressConfig = Pick<Config, 'EGRESS_ALLOW' | 'EGRESS_DENY' | 'EGRESS_ALLOWLIST_ONLY' | 'EGRESS_ALLOW_LOOPBACK' | 'EGRESS_ALLOW_PRIVATE'>;

/**
 * The real ports job handlers receive (T `createActivities(db)`): a fetch that connects only where
 * the egress policy of `config` allows (checked at connect time, every address), read-only SQL on
 * the read model (a READ ONLY transaction with a statement timeout), and an abortable sleep.
 */
export function createHandlerPorts(deps: { pool: Pool; config: EgressConfig; fetch?: typeof fetch }): HandlerPorts {
  const { config } = deps;
  return {
    fetch: deps.fetch ?? createEgressFetch(createEgressPolicy(egressSettingsOf(config))),
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
    sleep: abortableSleep,
  };
}
