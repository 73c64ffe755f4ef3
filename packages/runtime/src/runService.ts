import { createLogger, type Logger } from './logger';
import { createShutdown } from './shutdown';
import { startTracing } from './tracing';

/** What a service's start function returns: something to close on shutdown. */
export interface RunningService {
  close: () => Promise<void>;
}

/**
 * The shared composition root of a service process (public):
 * 1. configuration, before any connection — a bad key exits 1 naming every problem;
 * 2. logs; 3. traces (exported when OTEL_EXPORTER_OTLP_ENDPOINT is set);
 * 4. the service's own start; 5. shutdown hooks on SIGTERM/SIGINT, closing in reverse order.
 */
export async function runService<C extends { LOG_LEVEL: string; OTEL_EXPORTER_OTLP_ENDPOINT?: string | undefined; SHUTDOWN_TIMEOUT_MS?: number }>(options: {
  service: string;
  loadConfig: () => C;
  start: (config: C, deps: { logger: Logger; isShuttingDown: () => boolean }) => Promise<RunningService>;
}): Promise<void> {
  let config: C;
  try {
    config = options.loadConfig();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
  const logger = createLogger({ service: options.service, level: config.LOG_LEVEL });
  const stopTracing = startTracing({ service: options.service, otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
  // One bound for every service, from its configuration, so it agrees with the orchestrator's grace period.
  const shutdown = createShutdown({ logger, ...(config.SHUTDOWN_TIMEOUT_MS ? { timeoutMs: config.SHUTDOWN_TIMEOUT_MS } : {}) });
  shutdown.add('tracing', stopTracing);
  try {
    const running = await options.start(config, { logger, isShuttingDown: () => shutdown.isShuttingDown });
    shutdown.add(options.service, running.close);
  } catch (err) {
    logger.fatal({ err }, `${options.service} failed to start`);
    await stopTracing().catch(() => undefined);
    process.exit(1);
  }
  shutdown.listen();
}
