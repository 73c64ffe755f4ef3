import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConflictError } from '@conveyor/errors';
import type { Pool } from '@conveyor/runtime';
import { PublishOutcomeUnknownError } from '../kafka/publishAcknowledged';

/** How long an Idempotency-Key is remembered, in milliseconds. */
export const idempotencyTtlMs = 24 * 60 * 60 * 1000;

/** JSON with object keys sorted at every depth, so equal documents give equal text (pure). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** SHA-256 (hex) of a request body's canonical JSON: key order and whitespace do not matter (pure). */
export function requestHash(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

export interface IdempotencyOptions {
  pool: Pool;
  /** The injected clock, in milliseconds since the epoch. */
  now: () => number;
  /** How long a repeat waits for a pending first request to be published, in milliseconds. */
  waitMs: number;
  /**
   * A row still pending after this long (in milliseconds) belongs to a request that died between claiming
   * and publishing; a repeat takes it over. Keep it well above the publish timeout.
   */
  abandonedAfterMs: number;
  /** Poll interval while waiting, in milliseconds. */
  pollMs?: number;
}

interface KeyRow {
  job_id: string;
  request_hash: string;
  state: 'pending' | 'published';
  created_at: Date;
}

/**
 * Idempotency-Key bookkeeping in the `idempotency_keys` table (internal). The first request claims the
 * key as `pending`, publishes, then marks it `published`; a publish that certainly failed (refused, or
 * withdrawn from the queue) deletes the claim so the client can retry. A publish whose fate is unknown
 * (a 503 while the events were in flight) keeps the claim until Kafka answers, then marks it published or
 * deletes it: a retry with the key meanwhile waits, and never creates a second job (issue 14). A claim
 * abandoned by a dead process is taken over under the same job id, so even then the job is one job.
 * Expired keys (24 h) are deleted lazily.
 */
export function createIdempotency(options: IdempotencyOptions) {
  const { pool, now } = options;
  const pollMs = options.pollMs ?? 50;
  let lastSweep = 0;

  /** Deletes expired keys, at most once a minute, without making the request wait. */
  const sweep = () => {
    if (now() - lastSweep < 60_000) return;
    lastSweep = now();
    pool.query('delete from idempotency_keys where created_at < to_timestamp($1 / 1000.0)', [now() - idempotencyTtlMs]).catch(() => undefined);
  };

  return {
    /**
     * Runs `publish(jobId)` once per key: returns the new `jobId` after publishing, or the first
     * request's job id (`replayed`) when the same key came with the same body. Throws ConflictError
     * for the same key with another body, or when the first request is still pending after `waitMs`.
     * `publish` receives the job id to publish under: `jobId`, or an abandoned claim's job id.
     */
    async once(key: string, hash: string, firstJobId: string, publish: (jobId: string) => Promise<void>): Promise<{ jobId: string; replayed: boolean }> {
      let jobId = firstJobId;
      sweep();
      const deadline = performance.now() + options.waitMs;
      for (;;) {
        await pool.query('delete from idempotency_keys where key = $1 and created_at < to_timestamp($2 / 1000.0)', [key, now() - idempotencyTtlMs]);
        const claimed = await pool.query(
          `insert into idempotency_keys (key, job_id, request_hash, state, created_at)
           values ($1, $2, $3, 'pending', to_timestamp($4 / 1000.0)) on conflict (key) do nothing`,
          [key, jobId, hash, now()],
        );
        if (claimed.rowCount === 1) {
          try {
            await publish(jobId);
          } catch (err) {
            if (err instanceof PublishOutcomeUnknownError) {
              // The events may still land: the key stays reserved until Kafka answers.
              const claimed = jobId;
              void err.settled.then((published) => (published
                ? pool.query(`update idempotency_keys set state = 'published' where key = $1 and job_id = $2`, [key, claimed])
                : pool.query('delete from idempotency_keys where key = $1 and job_id = $2', [key, claimed]))).catch(() => undefined);
              throw err;
            }
            await pool.query('delete from idempotency_keys where key = $1 and job_id = $2', [key, jobId]).catch(() => undefined);
            throw err;
          }
          // The job is durable in Kafka now, so the answer is 202 even if this bookkeeping fails: a repeat
          // then waits, and takes the stale claim over after `abandonedAfterMs` (a duplicate, but no loss).
          await pool.query(`update idempotency_keys set state = 'published' where key = $1 and job_id = $2`, [key, jobId]).catch(() => undefined);
          return { jobId, replayed: false };
        }
        const { rows } = await pool.query<KeyRow>('select job_id, request_hash, state, created_at from idempotency_keys where key = $1', [key]);
        const row = rows[0];
        if (!row) continue; // the first request failed and released the key: claim it
        if (row.request_hash !== hash) {
          throw new ConflictError('this Idempotency-Key was used with a different request body', { context: { jobId: row.job_id } });
        }
        if (row.state === 'published') return { jobId: row.job_id, replayed: true };
        if (now() - row.created_at.getTime() > options.abandonedAfterMs) {
          // Its process died between claiming and hearing from Kafka: the job may be in the log. Publishing
          // it again under the same job id cannot make a second job (consumers key everything by job id).
          await pool.query(`delete from idempotency_keys where key = $1 and job_id = $2 and state = 'pending'`, [key, row.job_id]);
          jobId = row.job_id;
          continue;
        }
        if (performance.now() >= deadline) {
          throw new ConflictError('a request with this Idempotency-Key is still being processed; retry later', { context: { jobId: row.job_id } });
        }
        await sleep(pollMs);
      }
    },
  };
}

export type Idempotency = ReturnType<typeof createIdempotency>;
