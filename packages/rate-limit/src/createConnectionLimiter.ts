import { Gauge, type Registry } from 'prom-client';
import { AppError } from '@conveyor/errors';

export interface ConnectionLimiterOptions {
  /** Connections this process holds at most, in all. */
  max: number;
  /** Connections one principal holds at most in this process. */
  maxPerPrincipal: number;
  /** Where the gauge `conveyor_stream_connections` is registered (optional in unit tests). */
  registry?: Registry;
  /** Seconds a refused client is told to wait (Retry-After). */
  retryAfterSeconds?: number;
}

/** A refused connection: 429 TOO_MANY_STREAMS. */
export class TooManyConnectionsError extends AppError {
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds: number) {
    super('TOO_MANY_STREAMS', message);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/**
 * Caps long-lived connections (the SSE stream) per principal and in total, in this process (public).
 * `acquire` returns the function that frees the slot (idempotent) or throws TooManyConnectionsError;
 * a gauge reports the connections held.
 */
export function createConnectionLimiter(options: ConnectionLimiterOptions) {
  const held = new Map<string, number>();
  let total = 0;
  const gauge = options.registry
    ? new Gauge({ name: 'conveyor_stream_connections', help: 'Open SSE stream connections of this process', registers: [options.registry] })
    : undefined;
  const retryAfter = options.retryAfterSeconds ?? 5;

  return {
    /** Connections held now, in all and by `key`. */
    count(key?: string): number {
      return key === undefined ? total : held.get(key) ?? 0;
    },

    /** Takes a slot for `key` (a principal), or throws 429 when this process or the principal has none left. */
    acquire(key: string): () => void {
      const mine = held.get(key) ?? 0;
      if (total >= options.max) throw new TooManyConnectionsError(`this server holds its maximum of ${options.max} streams; retry later or on another instance`, retryAfter);
      if (mine >= options.maxPerPrincipal) throw new TooManyConnectionsError(`you hold ${mine} open streams, the maximum per principal; close one first`, retryAfter);
      held.set(key, mine + 1);
      total += 1;
      gauge?.set(total);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const left = (held.get(key) ?? 1) - 1;
        if (left > 0) held.set(key, left);
        else held.delete(key);
        total -= 1;
        gauge?.set(total);
      };
    },
  };
}

export type ConnectionLimiter = ReturnType<typeof createConnectionLimiter>;
