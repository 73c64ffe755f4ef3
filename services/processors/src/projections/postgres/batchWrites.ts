import { prepared, type PoolClient } from '@conveyor/runtime';

/** Returns the placeholder (`$n`) of a value passed with the statement. */
export type Param = (value: unknown) => string;

/**
 * One write of a batch as a common table expression: its body is an `insert`/`update … returning`
 * or a `select`, and must produce rows (every part is counted in the final select, which is what makes
 * Postgres run a plain `select` part at all; data-modifying parts would run anyway).
 */
export interface WritePart {
  /** The CTE's name: a plain lower-case identifier, unique in the statement. */
  name: string;
  sql: (param: Param) => string;
}

/** A statement with its values, as `client.query` takes it. */
export interface Statement {
  text: string;
  values: unknown[];
}

const partName = /^[a-z_][a-z0-9_]*$/;

/**
 * Joins a batch's writes into ONE statement of data-modifying CTEs (pure): `with a as (…), b as (…)
 * select (select count(*) from a) as a, …`, the values numbered in the order the parts ask for them.
 * The parts see the same snapshot and none reads what another writes, so they must touch different
 * rows (each part a table of its own). Null when there is nothing to write.
 */
export function writesStatement(parts: readonly WritePart[]): Statement | null {
  if (!parts.length) return null;
  const names = new Set<string>();
  const values: unknown[] = [];
  const param: Param = (value) => `$${values.push(value)}`;
  const ctes = parts.map((part) => {
    if (!partName.test(part.name) || names.has(part.name)) throw new Error(`write part names must be unique identifiers: ${part.name}`);
    names.add(part.name);
    return `${part.name} as (${part.sql(param)})`;
  });
  const counts = parts.map((p) => `(select count(*) from ${p.name}) as ${p.name}`);
  return { text: `with ${ctes.join(',\n')}\nselect ${counts.join(', ')}`, values };
}

/**
 * Runs parts as one statement (one round trip), prepared per connection (a batch's parts take a few
 * combinations, each one text); returns the rows each part produced, by name.
 */
export async function runWrites(client: PoolClient, parts: readonly WritePart[]): Promise<Record<string, number>> {
  const statement = writesStatement(parts);
  if (!statement) return {};
  const { rows } = await client.query<Record<string, string>>(prepared(statement.text, statement.values));
  return Object.fromEntries(Object.entries(rows[0] ?? {}).map(([name, n]) => [name, Number(n)]));
}
