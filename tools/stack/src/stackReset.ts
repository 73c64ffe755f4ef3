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
  /**
   * Keep Kafka's log and the registry: recreate only the read-model database, which the projector
   * rebuilds from the log. Default: the log, the registry and the read model all start empty.
   */
  keepLog?: boolean;
  /** Receives one line per step; defaults to console.log. */
  log?: (line: string) => void;
}

/** What a reset will destroy, one line each, for the confirmation prompt. Public. */
export function resetPlan(options: StackOptions & { keepLog?: boolean } = {}): string[] {
  const config = loadConfig(options.env);
  const paths = stackPaths(config);
  const server = new URL(config.databaseUrl).host;
  const plan = [`drop and recreate the read-model database "${databaseName(config.databaseUrl)}" on ${server}`];
  if (!options.keepLog) {
    plan.push(`drop and recreate the registry database "${config.registryDatabase}" on ${server}`);
    plan.push(`delete Kafka's log in ${paths.kafka.dataDir}`);
  }
  return plan;
}

/**
 * Recreates the local read-model database and, unless `keepLog`, the registry database and Kafka's
 * log, so the three agree again (a read model projected from another Kafka log refuses to start).
 * Components of this state directory that were running are stopped first and started again after.
 * Local only: never point it at a shared database. Public.
 */
export async function stackReset(options: StackResetOptions = {}): Promise<void> {
  const log = options.log ?? ((line: string) => console.log(line));
  const config = loadConfig(options.env);
  const paths = stackPaths(config);
  const touched: ComponentName[] = options.keepLog ? [] : ['kafka', 'registry'];
  const running = touched.filter((name) => runningPid(paths[name]) !== undefined);

  // 1. Stop what holds the data we are about to delete (the registry keeps connections open).
  if (running.length > 0) await stackDown({ env: options.env, components: running, log });

  // 2. The databases: the read model always, the registry with the log it describes.
  const readModel = databaseName(config.databaseUrl);
  await recreateDatabase(config.databaseUrl, readModel);
  log(`postgresql: recreated database ${readModel}`);
  if (!options.keepLog) {
    await recreateDatabase(config.databaseUrl, config.registryDatabase);
    log(`postgresql: recreated database ${config.registryDatabase}`);
    // 3. Kafka's log: `up` formats fresh storage when meta.properties is missing.
    await fs.rm(paths.kafka.dataDir, { recursive: true, force: true });
    log(`kafka: deleted ${paths.kafka.dataDir}`);
  }

  // 4. Bring back what was running.
  if (running.length > 0) await stackUp({ env: options.env, components: running, log });
}
