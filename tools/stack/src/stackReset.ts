import fs from 'node:fs/promises';
import type { ComponentName } from './Component';
import { loadConfig } from './config';
import { stackPaths } from './paths';
import { databaseName, recreateDatabase } from './postgres';
import { runningPid } from './processes';
import { stackDown } from './stackDown';
import type { StackOptions } from './stackStatus';
import { stackUp } from './stackUp';

/** Options of {@link stackReset}. Public. */
export interface StackResetOptions extends StackOptions {
  /** Receives one line per step; defaults to console.log. */
  log?: (line: string) => void;
}

/** What a reset will destroy, one line each, for the confirmation prompt. Public. */
export function resetPlan(options: StackOptions = {}): string[] {
  const config = loadConfig(options.env);
  const paths = stackPaths(config);
  const server = new URL(config.databaseUrl).host;
  return [
    `drop and recreate the read-model database "${databaseName(config.databaseUrl)}" on ${server}`,
    `drop and recreate the registry database "${config.registryDatabase}" on ${server}`,
    `delete Kafka's log (and its consumer groups) in ${paths.kafka.dataDir}`,
  ];
}

/**
 * Recreates the local read-model database, the registry database and Kafka's log, so the three agree
 * again (a read model projected from another Kafka log refuses to start). All three go together: the
 * projector resumes from its consumer group's offsets, kept in Kafka, and the log's events carry the
 * registry's schema ids. Components of this state directory that were running are stopped first and
 * started again after. Local only: never point it at a shared database. Public.
 */
export async function stackReset(options: StackResetOptions = {}): Promise<void> {
  const log = options.log ?? ((line: string) => console.log(line));
  const config = loadConfig(options.env);
  const paths = stackPaths(config);
  const touched: ComponentName[] = ['kafka', 'registry'];
  const running = touched.filter((name) => runningPid(paths[name]) !== undefined);

  // 1. Stop what holds the data we are about to delete (the registry keeps connections open).
  if (running.length > 0) await stackDown({ env: options.env, components: running, log });

  // 2. The databases: the read model and the registry.
  for (const database of [databaseName(config.databaseUrl), config.registryDatabase]) {
    await recreateDatabase(config.databaseUrl, database);
    log(`postgresql: recreated database ${database}`);
  }

  // 3. Kafka's log: `up` formats fresh storage when meta.properties is missing.
  await fs.rm(paths.kafka.dataDir, { recursive: true, force: true });
  log(`kafka: deleted ${paths.kafka.dataDir}`);

  // 4. Bring back what was running.
  if (running.length > 0) await stackUp({ env: options.env, components: running, log });
}
