import { PassThrough } from 'node:stream';
import { Router } from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import { principalKey, TooManyConnectionsError, type ConnectionLimiter, type RateLimitedPrincipal } from '@conveyor/rate-limit';
import { parseQuery, uuidPattern, type RawQuery } from '../http/parseQuery';
import type { FeedItem, JobChangeFeed } from './jobChangeFeed';

/** The query schema of GET /v1/stream; also the source of its OpenAPI parameters (public). */
export const streamQuerySchema = z.strictObject({
  jobId: z.string().regex(uuidPattern, 'must be a UUID').optional(),
  type: z.string().min(1).max(200).optional(),
});

/** The SSE frame of one change (pure); its id is `<bootId>-<sequence>` when the feed's boot id is given. */
export function sseFrame(item: FeedItem, bootId?: string): string {
  return `id: ${bootId ? `${bootId}-${item.id}` : item.id}\nevent: job\ndata: ${JSON.stringify(item.change)}\n\n`;
}

/** The frame telling a resuming client that what it missed is gone: reload, then follow. */
export const resetFrame = 'event: reset\ndata: {}\n\n';

/** Bytes an SSE client may leave unread before it is dropped (it reconnects and resumes with Last-Event-ID). */
export const maxUnreadBytes = 1024 * 1024;

/**
 * What a client reconnecting with `Last-Event-ID` missed (pure but for the feed): the kept changes after
 * it, or null (send a reset) when the id is another process's or too old; [] without the header.
 */
export function missedChanges(feed: Pick<JobChangeFeed, 'bootId' | 'since'>, lastEventId: string | undefined): FeedItem[] | null {
  if (!lastEventId) return [];
  const match = /^([0-9a-z]+)-(\d+)$/.exec(lastEventId.trim());
  if (!match || match[1] !== feed.bootId) return null;
  return feed.since(Number(match[2]));
}

/** Takes a stream slot for the request's principal, or throws 429 with Retry-After; returns what frees it. */
function takeSlot(connections: Pick<ConnectionLimiter, 'acquire'> | undefined, ctx: Context): () => void {
  if (!connections) return () => undefined;
  try {
    return connections.acquire(principalKey(ctx.state.principal as RateLimitedPrincipal | undefined, ctx.ip));
  } catch (err) {
    if (err instanceof TooManyConnectionsError) ctx.set('Retry-After', String(err.retryAfterSeconds));
    throw err;
  }
}

/**
 * GET /v1/stream: Server-Sent Events of job changes from the shared feed, optionally for one job or one
 * type (public). The body is a PassThrough so Koa streams it unbuffered; a comment line every
 * `heartbeatMs` (milliseconds) keeps proxies from closing an idle stream; the subscription ends with the client.
 * Bounded memory (issue 14): a client that leaves more than `maxUnreadBytes` unread is disconnected rather
 * than buffered for; reconnecting with `Last-Event-ID` it gets the changes it missed, or `event: reset`.
 * With `connections`, open streams are capped per principal and in all (issue 11): beyond, 429 with
 * Retry-After; a slot is freed when its client disconnects.
 */
export function streamRoutes(deps: {
  feed: Pick<JobChangeFeed, 'subscribe'> & Partial<Pick<JobChangeFeed, 'bootId' | 'since'>>;
  heartbeatMs: number;
  maxUnreadBytes?: number;
  connections?: Pick<ConnectionLimiter, 'acquire'>;
}): Router {
  const unreadLimit = deps.maxUnreadBytes ?? maxUnreadBytes;
  const router = new Router();
  router.get('/v1/stream', (ctx) => {
    const q = parseQuery(streamQuerySchema, ctx.query as RawQuery);
    const jobId = q.jobId?.toLowerCase();
    const release = takeSlot(deps.connections, ctx);
    const body = new PassThrough();
    ctx.req.socket.setTimeout(0);
    ctx.req.socket.setNoDelay(true);
    ctx.req.socket.setKeepAlive(true);
    ctx.status = 200;
    ctx.set({ 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache, no-transform', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    ctx.body = body;
    body.write('retry: 2000\n\n');
    const bootId = deps.feed.bootId;
    const wanted = (item: FeedItem) => (!jobId || item.change.jobId === jobId) && (!q.type || item.change.type === q.type);
    let closed = false;
    const send = (frame: string) => {
      if (closed) return;
      // A slow reader: drop it rather than grow the buffer; it resumes from its Last-Event-ID.
      if (body.writableLength > unreadLimit) close();
      else body.write(frame);
    };
    // Synchronous from here to subscribe: no change slips between the replay and the live feed.
    const lastEventId = ctx.get('Last-Event-ID') || undefined;
    const missed = deps.feed.since ? missedChanges(deps.feed as Pick<JobChangeFeed, 'bootId' | 'since'>, lastEventId) : [];
    if (missed === null) body.write(resetFrame);
    else for (const item of missed) if (wanted(item)) body.write(sseFrame(item, bootId));
    const unsubscribe = deps.feed.subscribe((item) => {
      if (wanted(item)) send(sseFrame(item, bootId));
    });
    const heartbeat = setInterval(() => send(': heartbeat\n\n'), deps.heartbeatMs);
    function close() {
      if (closed) return;
      closed = true;
      release();
      clearInterval(heartbeat);
      unsubscribe();
      body.end();
      // Ends the response even if the client never reads again (the socket would hold the buffer).
      setTimeout(() => ctx.req.socket.destroy(), 1_000).unref();
    }
    ctx.req.once('close', close);
    body.once('error', close);
  });
  return router;
}
