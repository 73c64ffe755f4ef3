import type { Logger } from 'pino';

/**
 * Runs the given closers in reverse order of registration on SIGTERM/SIGINT, once, then exits.
 * A second signal, or closers taking longer than `timeoutMs` (in milliseconds), forces exit 1.
 */
export function createShutdown(options: { logger: Logger; timeoutMs?: number; exit?: (code: number) => void }) {
  const closers: Array<{ name: string; close: () => Promise<unknown> | unknown }> = [];
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let shuttingDown = false;

  async function shutdown(reason: string): Promise<void> {
    if (shuttingDown) {
      options.logger.warn({ reason }, 'second shutdown request: exiting now');
      exit(1);
      return;
    }
    shuttingDown = true;
    options.logger.info({ reason }, 'shutting down');
    const timer = setTimeout(() => {
      options.logger.error('shutdown timed out');
      exit(1);
    }, options.timeoutMs ?? 15000);
    timer.unref();
    let code = 0;
    for (const c of [...closers].reverse()) {
      try {
        await c.close();
      } catch (err) {
        code = 1;
        options.logger.error({ err, closer: c.name }, 'error while closing');
      }
    }
    clearTimeout(timer);
    exit(code);
  }

  return {
    /** Registers something to close; closed in reverse order. */
    add(name: string, close: () => Promise<unknown> | unknown) {
      closers.push({ name, close });
    },
    /** Installs the signal handlers. */
    listen() {
      process.once('SIGTERM', () => void shutdown('SIGTERM'));
      process.once('SIGINT', () => void shutdown('SIGINT'));
    },
    shutdown,
    get isShuttingDown() {
      return shuttingDown;
    },
  };
}

export type Shutdown = ReturnType<typeof createShutdown>;
