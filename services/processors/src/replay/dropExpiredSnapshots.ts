import { dropReadModelSchema } from '@conveyor/read-model';
import type { Pool } from '@conveyor/runtime';

/**
 * Drops the as-of snapshots of a topic kept longer than `retentionHours` (issue 11: a snapshot is a
 * full schema, so they do not pile up): built more than that ago, or begun more than that ago and never
 * built, unless a run building it is still requested or running. Returns the schemas dropped.
 */
export async function dropExpiredSnapshots(pool: Pool, topic: string, retentionHours: number): Promise<string[]> {
  const { rows } = await pool.query<{ schema_name: string }>(
    `select s.schema_name from replay_snapshots s
     where s.topic = $1 and coalesce(s.built_at, s.created_at) < now() - make_interval(secs => $2 * 3600.0)
       and not exists (select 1 from replay_runs r where r.id = s.run_id and r.status in ('requested', 'running'))
     order by 1`, [topic, retentionHours]);
  const dropped: string[] = [];
  for (const { schema_name: schema } of rows) {
    const client = await pool.connect();
    try {
      await client.query('begin');
      // Forgotten first: the query API stops serving the snapshot before its tables go.
      await client.query('delete from replay_snapshots where schema_name = $1', [schema]);
      await dropReadModelSchema(client, schema);
      await client.query('commit');
      dropped.push(schema);
    } catch (err) {
      await client.query('rollback').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }
  return dropped;
}
