import pino, { type Logger } from 'pino';
import { trace } from '@opentelemetry/api';

export type { Logger };

/**
 * A pino JSON logger whose every line carries the active trace and span ids,
 * so logs join traces in Loki/Grafana (public).
 */
export function createLogger(options: { service: string; level?: string }): Logger {
  return pino({
    name: options.service,
    level: options.level ?? 'info',
    base: { service: options.service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin() {
      const ctx = trace.getActiveSpan()?.spanContext();
      return ctx && ctx.traceFlags !== undefined && ctx.traceId !== '00000000000000000000000000000000'
        ? { traceId: ctx.traceId, spanId: ctx.spanId }
        : {};
    },
  });
}
