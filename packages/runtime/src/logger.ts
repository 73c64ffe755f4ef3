import pino, { type DestinationStream, type Logger } from 'pino';
import { trace } from '@opentelemetry/api';

export type { Logger };

/** Credential headers, in the spellings code and clients use. */
const credentialHeaders = ['authorization', 'Authorization', 'proxy-authorization', 'Proxy-Authorization', 'cookie', 'Cookie', 'set-cookie', 'x-api-key', 'X-Api-Key'];

/**
 * What no log line shows (issue 11): credential headers of a request or a job payload logged as an
 * object, at the top or one level down, and whole job payloads. Censored as `"[redacted]"`.
 */
export const logRedactPaths: readonly string[] = [
  ...credentialHeaders.flatMap((h) => [`headers["${h}"]`, `*.headers["${h}"]`, `req.headers["${h}"]`]),
  'payload', '*.payload', 'payloadJson', '*.payloadJson',
];

/**
 * A pino JSON logger whose every line carries the active trace and span ids,
 * so logs join traces in Loki/Grafana (public). Secrets are censored ({@link logRedactPaths}).
 *
 * @param options.destination where lines go (tests capture them); standard output by default.
 */
export function createLogger(options: { service: string; level?: string; destination?: DestinationStream }): Logger {
  return pino({
    name: options.service,
    level: options.level ?? 'info',
    base: { service: options.service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: [...logRedactPaths], censor: '[redacted]' },
    formatters: { level: (label) => ({ level: label }) },
    mixin() {
      const ctx = trace.getActiveSpan()?.spanContext();
      return ctx && ctx.traceFlags !== undefined && ctx.traceId !== '00000000000000000000000000000000'
        ? { traceId: ctx.traceId, spanId: ctx.spanId }
        : {};
    },
  }, options.destination);
}
