import { createLogger, createShutdown } from '@conveyor/runtime';
import { loadConfig, type Config } from './config';
import { startProcessors } from './startProcessors';

/**
 * The processors process: runs the roles of PROCESSOR_ROLES (dispatcher, executor, projector).
 * 1. configuration (exit 78 when invalid); 2. everything else in startProcessors; 3. shutdown on SIGTERM.
 */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(78);
  }
  const logger = createLogger({ service: 'processors', level: config.LOG_LEVEL });
  const shutdown = createShutdown({ logger, timeoutMs: 30_000 });
  shutdown.listen();
  try {
    const processors = await startProcessors(config, { logger });
    // Stops the consumers cleanly: running attempts finish, offsets are committed, the publisher drains.
    shutdown.add('processors', () => processors.stop());
  } catch (err) {
    logger.fatal({ err }, 'processors failed to start');
    process.exit(1);
  }
}

void main();
