import { postgresHealth } from './postgres';
import { isPortOpen } from './ports';
import { StackError } from './StackError';

/** Where a tool that runs on the stack connects. Public. */
export interface StackTargets {
  kafkaBrokers: string[];
  /** The schema registry's URL (any path: only its host and port are tried). */
  registryUrl: string;
  databaseUrl: string;
}

/**
 * For the tools that run on a running stack without starting it (`npm run soak`, `npm run drill`):
 * resolves when Kafka, the schema registry and PostgreSQL all answer at the given addresses, else throws
 * a StackError of one line naming what does not answer and the command to run first. Public.
 */
export async function requireStack(targets: StackTargets): Promise<void> {
  const port = (url: URL) => Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const registry = new URL(targets.registryUrl);
  const checks = await Promise.all([
    ...targets.kafkaBrokers.map(async (broker) => {
      const [host, p] = broker.split(':') as [string, string | undefined];
      return (await isPortOpen(host, Number(p ?? 9092))) ? undefined : `Kafka at ${broker}`;
    }),
    isPortOpen(registry.hostname, port(registry)).then((open) => (open ? undefined : `the schema registry at ${registry.host}`)),
    postgresHealth(targets.databaseUrl).then((health) => (health.ok ? undefined : `PostgreSQL at ${new URL(targets.databaseUrl).host}`)),
  ]);
  const down = checks.filter((c): c is string => Boolean(c));
  if (down.length) throw new StackError(`this needs the running stack, and nothing answers as ${down.join(', ')}: start it first with \`npm run stack -- up\``);
}
