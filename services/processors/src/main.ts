import { runService } from '@conveyor/runtime';
import { loadConfig } from './config';
import { startProcessors } from './startProcessors';

/**
 * The processors process: runs the roles of PROCESSOR_ROLES (dispatcher, executor, projector, scheduler,
 * replay) through the shared composition root (configuration, logs, traces, shutdown on SIGTERM).
 */
void runService({
  service: 'processors',
  loadConfig: () => loadConfig(),
  start: async (config, { logger }) => {
    // runService started the tracing SDK (and flushes it on shutdown).
    const processors = await startProcessors(config, { logger, tracing: false });
    // Stops the consumers cleanly: running attempts finish, offsets are committed, the publisher drains.
    return { close: () => processors.stop() };
  },
});
