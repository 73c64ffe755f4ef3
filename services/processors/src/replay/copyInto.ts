import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import type { PoolClient } from '@conveyor/runtime';
import { checkSchemaName } from '../projections';
import { copyRecordLine, type CopyRecord, type CopyShape } from './copyRows';

/** Lines are sent in pieces of about this many characters (one CopyData message each). */
const pieceChars = 256 * 1024;

function* pieces(shape: CopyShape, records: Iterable<CopyRecord>): Generator<string> {
  let piece = '';
  for (const record of records) {
    piece += copyRecordLine(shape, record);
    if (piece.length >= pieceChars) {
      yield piece;
      piece = '';
    }
  }
  if (piece) yield piece;
}

/**
 * The shape of `table` as the records name its columns (public): the columns are `sample`'s keys, the
 * jsonb ones read from the catalog of `schema` (so a record builder of the projector stays the one
 * list of columns).
 */
export async function copyShapeOf(client: PoolClient, schema: string, table: string, sample: CopyRecord): Promise<CopyShape> {
  const { rows } = await client.query<{ name: string }>(
    `select column_name as name from information_schema.columns where table_schema = $1 and table_name = $2 and data_type = 'jsonb'`,
    [checkSchemaName(schema), table]);
  return { table, columns: Object.keys(sample), json: new Set(rows.map((r) => r.name)) };
}

/**
 * Writes records into `table` (resolved through the client's search path) with one `COPY … FROM STDIN`
 * in text format (public). Within the caller's transaction; a constraint violation (a key already
 * present) fails the whole statement.
 */
export async function copyInto(client: PoolClient, shape: CopyShape, records: Iterable<CopyRecord>): Promise<void> {
  const columns = shape.columns.map((c) => `"${c}"`).join(', ');
  const stream = client.query(copyFrom(`copy ${shape.table} (${columns}) from stdin`));
  await pipeline(Readable.from(pieces(shape, records)), stream);
}
