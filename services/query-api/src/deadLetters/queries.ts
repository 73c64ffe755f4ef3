import { decodeTimeIdCursor, encodeTimeIdCursor } from '../http/timeIdCursor';
import type { Pool } from '@conveyor/runtime';
import { toDeadLetterItem, type DeadLetterItem, type DeadLettersTableRow } from '@conveyor/read-model';

/** A checked GET /v1/dead-letters query. */
export interface DeadLetterListQuery {
  types: string[];
  causes: string[];
  statuses: string[];
  /** Bounds on created_at, epoch milliseconds (from inclusive, to exclusive). */
  from: number | null;
  to: number | null;
  limit: number;
  cursor: { createdAt: string; id: string } | null;
}

type Row = DeadLettersTableRow & { sort_value?: string };

/** An opaque keyset cursor (created_at as Postgres prints it, id) (pure). */
export const encodeDeadLetterCursor = (c: { createdAt: string; id: string }) => encodeTimeIdCursor(c.createdAt, c.id);
export function decodeDeadLetterCursor(token: string): { createdAt: string; id: string } | null {
  const c = decodeTimeIdCursor(token);
  return c && { createdAt: c.at, id: c.id };
}

/**
 * The SQL of a page of dead letters, newest first (pure): only the filters given, keyset pagination on
 * (created_at, id) (index dead_letters_created_idx), one row more than the limit. Rows a requeue created
 * before their letter arrived (no created_at yet) are left out.
 */
export function listDeadLettersSql(q: DeadLetterListQuery): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const param = (v: unknown) => `$${values.push(v)}`;
  const where = ['created_at is not null'];
  if (q.types.length) where.push(`type = any(${param(q.types)}::text[])`);
  if (q.causes.length) where.push(`cause = any(${param(q.causes)}::text[])`);
  if (q.statuses.length) where.push(`status = any(${param(q.statuses)}::text[])`);
  if (q.from !== null) where.push(`created_at >= ${param(new Date(q.from).toISOString())}::timestamptz`);
  if (q.to !== null) where.push(`created_at < ${param(new Date(q.to).toISOString())}::timestamptz`);
  if (q.cursor) where.push(`(created_at, id) < (${param(q.cursor.createdAt)}::timestamptz, ${param(q.cursor.id)}::uuid)`);
  return {
    text: `select *, created_at::text as sort_value from dead_letters where ${where.join(' and ')} order by created_at desc, id desc limit ${param(q.limit + 1)}`,
    values,
  };
}

/** Read-side queries of the dead-letter read model (public). */
export function createDeadLetterQueries(deps: { pool: Pool }) {
  return {
    async list(q: DeadLetterListQuery): Promise<{ items: DeadLetterItem[]; nextCursor: string | null }> {
      const { text, values } = listDeadLettersSql(q);
      const { rows } = await deps.pool.query<Row>(text, values);
      const page = rows.slice(0, q.limit);
      const last = page[page.length - 1];
      const nextCursor = rows.length > q.limit && last?.sort_value ? encodeDeadLetterCursor({ createdAt: last.sort_value, id: last.id }) : null;
      return { items: page.map(toDeadLetterItem), nextCursor };
    },
    async get(id: string): Promise<DeadLetterItem | null> {
      const { rows } = await deps.pool.query<Row>('select * from dead_letters where id = $1', [id]);
      return rows[0] ? toDeadLetterItem(rows[0]) : null;
    },
  };
}

export type DeadLetterQueries = ReturnType<typeof createDeadLetterQueries>;
