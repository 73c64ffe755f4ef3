import { ValidationError } from '@conveyor/errors';

/** A place in the log: an event at `offset` of `topic`'s `partition` (offset as a decimal int64). */
export interface LogPosition {
  topic: string;
  partition: number;
  offset: string;
}

/** One `topic:partition:offset` entry of a `Conveyor-Position` token (Kafka topic names are [a-zA-Z0-9._-]). */
const entry = /^([a-zA-Z0-9._-]{1,249}):(\d{1,9}):(\d{1,19})$/;

/** The most entries a token may hold (one per partition of the topics a command writes). */
export const maxPositions = 100;

/**
 * Parses the `after` query parameter, a `Conveyor-Position` token as the command API answers it
 * (`topic:partition:offset`, comma-separated) (pure; throws ValidationError with path `after`).
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
