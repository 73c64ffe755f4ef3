import { ValidationError } from '@conveyor/errors';
import type { Pool } from 'pg';

/** Where an event sits in the log (public). */
export interface LogPosition {
  topic: string;
  partition: number;
  /** Kafka offset, as a decimal string (int64). */
  offset: string;
}

/**
 * The response header with which the command API answers the positions of the events a command
 * published, and which the query API takes back as `?after=` (docs/architecture.md, "Read your own
 * writes") (public).
 */
export const positionHeader = 'Conveyor-Position';

/** The most entries a token may hold (one per partition of the topics a command writes) (public). */
export const maxPositions = 100;

/** One `topic:partition:offset` entry of a token (Kafka topic names are [a-zA-Z0-9._-]). */
const entry = /^([a-zA-Z0-9._-]{1,249}):(\d{1,9}):(\d{1,19})$/;

/**
 * Formats positions as a `Conveyor-Position` token (pure, public): `topic:partition:offset`,
 * comma-separated, one per partition (the highest offset of each), so a batch of 1000 jobs is at most
 * one entry per partition. Empty when nothing was published.
 */
export function formatLogPositions(positions: readonly LogPosition[]): string {
  const latest = new Map<string, LogPosition>();
  for (const p of positions) {
    const key = `${p.topic}:${p.partition}`;
    const seen = latest.get(key);
    if (!seen || BigInt(p.offset) > BigInt(seen.offset)) latest.set(key, p);
  }
  return [...latest.values()].map((p) => `${p.topic}:${p.partition}:${p.offset}`).join(',');
}

/**
 * Parses a `Conveyor-Position` token as {@link formatLogPositions} writes it (pure, public); throws a
 * ValidationError on the query parameter `after`.
 */
export function parseLogPositions(token: string): LogPosition[] {
  const parts = token.split(',').map((s) => s.trim()).filter(Boolean);
  const invalid = (message: string) => new ValidationError('invalid query parameters', [{ path: 'after', message }]);
  if (!parts.length) throw invalid('must be a Conveyor-Position token: topic:partition:offset[,…]');
  if (parts.length > maxPositions) throw invalid(`at most ${maxPositions} positions`);
  return parts.map((part) => {
    const m = entry.exec(part);
    if (!m || BigInt(m[3] ?? '0') > 2n ** 63n - 1n) throw invalid(`"${part}" is not topic:partition:offset`);
    return { topic: m[1] ?? '', partition: Number(m[2]), offset: BigInt(m[3] ?? '0').toString() };
  });
}

/**
 * How many of `positions` a projection has not passed yet (public). The projectors store their next
 * offset per (projection, topic, partition) in `projection_offsets` in the same transaction as their
 * rows, so a position is passed, and its effect readable, once `next_offset` is beyond it.
 */
export async function countPositionsBehind(pool: Pick<Pool, 'query'>, projection: string, positions: readonly LogPosition[]): Promise<number> {
  if (!positions.length) return 0;
  const { rows } = await pool.query<{ behind: number }>(
    `select count(*)::int as behind
     from unnest($2::text[], $3::int[], $4::bigint[]) as p(topic, partition, position)
     where not exists (select 1 from projection_offsets o
                       where o.projection = $1 and o.topic = p.topic and o.partition = p.partition and o.next_offset > p.position)`,
    [projection, positions.map((p) => p.topic), positions.map((p) => p.partition), positions.map((p) => p.offset)]);
  return rows[0]?.behind ?? 0;
}
