import { PassThrough } from 'node:stream';
import { Router } from '@koa/router';
import { z } from 'zod';
import { parseQuery, uuidPattern, type RawQuery } from '../http/parseQuery';
import type { FeedItem, JobChangeFeed } from './jobChangeFeed';

/** The query schema of GET /v1/stream; also the source of its OpenAPI parameters (public). */
export const streamQuerySchema = z.strictObject({
  jobId: z.string().regex(uuidPattern, 'must be a UUID').optional(),
  type: z.string().min(1).max(200).optional(),
});

/** The SSE frame of one change (pure). */
export function sseFrame(item: FeedItem): string {
  return `id: ${item.id}\nevent: job\ndata: ${JSON.stringify(item.change)}\n\n`;
}

/**
 * GET /v1/stream: Server-Sent Events of job changes from the shared feed, optionally for one job or one
 * type (public). The body is a PassThrough so Koa streams it unbuffered; a comment line every
 * `heartbeatMs` (milliseconds) keeps proxies from closing an idle stream; the subscription ends with the client.
 */
export function streamRoutes(deps: { feed: Pick<JobChangeFeed, 'subscribe'>; heartbeatMs: number }): Router {
  const router = new Router();
  router.get('/v1/stream', (ctx) => {
    const q = parseQuery(streamQuerySchema, ctx.query as RawQuery);
    const jobId = q.jobId?.toLowerCase();
    const body = new PassThrough();
    ctx.req.socket.setTimeout(0);
    ctx.req.socket.setNoDelay(true);
    ctx.req.socket.setKeepAlive(true);
    ctx.status = 200;
    ctx.set({ 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache, no-transform', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    ctx.body = body;
    body.write('retry: 2000\n\n');
    const unsubscribe = deps.feed.subscribe((item) => {
      if (jobId && item.change.jobId !== jobId) return;
      if (q.type && item.change.type !== q.type) return;
      body.write(sseFrame(item));
    });
    const heartbeat = setInterval(() => body.write(': heartbeat\n\n'), deps.heartbeatMs);
    const close = () => {
      clearInterval(heartbeat);
      unsubscribe();
      body.end();
    };
    ctx.req.once('close', close);
    body.once('error', close);
  });
  return router;
}
