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
  /** First reconnect delay, doubled up to `maxReconnectDelayMs`, in milliseconds. */
  reconnectDelayMs?: number;
  /** The longest reconnect delay, in milliseconds; default 5,000 (back within 5 s of Postgres). */
  maxReconnectDelayMs?: number;
  /** Changes kept for clients resuming with `Last-Event-ID`; default 10,000. */
  replayCapacity?: number;
}

/**
 * One LISTEN connection on `conveyor_job_changes` shared by every SSE client (public): each notification is
 * parsed once and handed to every subscriber. The connection reconnects with backoff when Postgres drops
 * it; changes sent meanwhile are lost (clients reload the list on reconnect), and `connected` is false
 * meanwhile (readiness). The last `replayCapacity` changes are kept so a client that reconnects with
 * `Last-Event-ID` gets what it missed (`since`); `bootId` tells this process's ids from an earlier one's.
 */
export function createJobChangeFeed(options: JobChangeFeedOptions) {
  const listeners = new Set<FeedListener>();
  const logger = options.logger.child({ component: 'job-change-feed' });
  let client: Client | null = null;
  let connected = false;
  let stopped = false;
  let sequence = 0;
  const reconnectDelays = { initialDelayMs: options.reconnectDelayMs ?? 500, maxDelayMs: options.maxReconnectDelayMs ?? 5_000 };
  let failures = 0;
  let delay = reconnectDelays.initialDelayMs;
  let retryTimer: NodeJS.Timeout | undefined;
  const capacity = options.replayCapacity ?? 10_000;
  const recent: FeedItem[] = [];
  const bootId = Date.now().toString(36);

  const dispatch = (payload: string | undefined) => {
    let change: JobChange;
    try {
      change = JSON.parse(payload ?? '') as JobChange;
    } catch {
      logger.warn({ payload }, 'unparseable job change ignored');
      return;
    }
    const item = { id: ++sequence, change };
    recent.push(item);
    if (recent.length > capacity) recent.splice(0, recent.length - capacity);
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
    /** This process's feed: SSE ids are `<bootId>-<sequence>`. */
    bootId,
    /**
     * The changes after sequence number `id`, oldest first; null when some of them are no longer kept
     * (the client must reload instead).
     */
    since(id: number): FeedItem[] | null {
      if (id >= sequence) return [];
      const first = recent[0];
      if (!first || first.id > id + 1) return null;
      return recent.slice(id + 1 - first.id);
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
