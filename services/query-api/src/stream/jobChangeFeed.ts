import { Client } from 'pg';
import { retryDelay, type Logger } from '@conveyor/runtime';

/** The channel the projector notifies on (services/processors/src/projections/postgres/notifyJobChanges.ts). */
export const jobChangesChannel = 'conveyor_job_changes';

/** A job change as the projector sends it (docs/architecture.md, GET /v1/stream). */
export interface JobChange {
  jobId: string;
  type: string;
  status: string;
  eventType: string;
  attempts: number;
  occurredAt: string;
}

/** A change with the feed's sequence number (the SSE `id:`). */
export interface FeedItem {
  id: number;
  change: JobChange;
}

export type FeedListener = (item: FeedItem) => void;

export interface JobChangeFeedOptions {
  databaseUrl: string;
  logger: Logger;
  /** First reconnect delay, doubled up to 30 s, in milliseconds. */
  reconnectDelayMs?: number;
}

/**
 * One LISTEN connection on `conveyor_job_changes` shared by every SSE client (public): each notification is
 * parsed once and handed to every subscriber. The connection reconnects with backoff when Postgres drops
 * it; changes sent meanwhile are lost (clients reload the list on reconnect).
 */
export function createJobChangeFeed(options: JobChangeFeedOptions) {
  const listeners = new Set<FeedListener>();
  const logger = options.logger.child({ component: 'job-change-feed' });
  let client: Client | null = null;
  let connected = false;
  let stopped = false;
  let sequence = 0;
  const reconnectDelays = { initialDelayMs: options.reconnectDelayMs ?? 500, maxDelayMs: 30_000 };
  let failures = 0;
  let delay = reconnectDelays.initialDelayMs;
  let retryTimer: NodeJS.Timeout | undefined;

  const dispatch = (payload: string | undefined) => {
    let change: JobChange;
    try {
      change = JSON.parse(payload ?? '') as JobChange;
    } catch {
      logger.warn({ payload }, 'unparseable job change ignored');
      return;
    }
    const item = { id: ++sequence, change };
    for (const listener of listeners) listener(item);
  };

  const connect = async (): Promise<void> => {
    const c = new Client({ connectionString: options.databaseUrl, application_name: 'query-api-listen' });
    client = c;
    c.on('notification', (msg) => {
      if (msg.channel === jobChangesChannel) dispatch(msg.payload);
    });
    c.on('error', (err) => {
      logger.warn({ err }, 'LISTEN connection failed');
      reconnect(c);
    });
    c.on('end', () => reconnect(c));
    await c.connect();
    await c.query(`listen ${jobChangesChannel}`);
    connected = true;
    failures = 0;
    delay = reconnectDelays.initialDelayMs;
  };

  const reconnect = (failed: Client) => {
    if (client !== failed) return; // already replaced
    connected = false;
    client = null;
    failed.end().catch(() => undefined);
    if (stopped || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      connect().catch((err: unknown) => {
        logger.warn({ err, retryInMs: delay }, 'LISTEN reconnect failed');
        failures += 1;
        delay = retryDelay(failures + 1, reconnectDelays);
        if (client) reconnect(client);
      });
    }, delay);
    retryTimer.unref();
  };

  return {
    /** Opens the LISTEN connection; resolves once listening. */
    async start(): Promise<void> {
      await connect();
    },
    /** Adds a listener; returns the function that removes it. */
    subscribe(listener: FeedListener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    get subscribers(): number {
      return listeners.size;
    },
    get connected(): boolean {
      return connected;
    },
    async stop(): Promise<void> {
      stopped = true;
      clearTimeout(retryTimer);
      listeners.clear();
      const c = client;
      client = null;
      connected = false;
      await c?.end().catch(() => undefined);
    },
  };
}

export type JobChangeFeed = ReturnType<typeof createJobChangeFeed>;
