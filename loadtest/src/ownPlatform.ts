import { Client } from 'pg';

/**
 * Where a run that starts its own services (soak, drill) puts them (public): on the running stack, with a
 * database of its own that it creates and drops, services listening from `servicePortBase` on.
 */
export interface OwnPlatformSettings {
  kafkaBrokers: string[];
  registryUrl: string;
  /** The run's own database (created, and dropped after). */
  databaseUrl: string;
  /** The first service listens on this port, the others on the ports after it. */
  servicePortBase: number;
  logDir: string;
  log: (line: string) => void;
}

/** Runs `fn` with a client of the maintenance database `postgres` beside `databaseUrl`'s, then closes it (public). */
export async function withAdminClient<T>(databaseUrl: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  const c = new Client({ connectionString: url.toString(), application_name: 'conveyor-own-platform' });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}
