import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { listen } from '@conveyor/runtime';
import type { FeedItem, FeedListener } from './jobChangeFeed';
import { streamRoutes } from './routes';

/** A feed stand-in: `emit` hands a change to every subscriber and keeps it for `since`. */
function fakeFeed() {
  const listeners = new Set<FeedListener>();
  const kept: FeedItem[] = [];
  return {
    bootId: 'boot1',
    subscribe(l: FeedListener) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    since: (id: number) => kept.filter((i) => i.id > id),
    emit(id: number, extra = '') {
      const item = { id, change: { jobId: `00000000-0000-4000-8000-${String(id).padStart(12, '0')}`, type: 'noop', status: 'queued', eventType: 'JobSubmitted', attempts: 0, occurredAt: extra } };
      kept.push(item);
      listeners.forEach((l) => l(item));
    },
    get subscribers() {
      return listeners.size;
    },
  };
}

async function serve(feed: ReturnType<typeof fakeFeed>, maxUnreadBytes?: number) {
  const app = new Koa();
  // These tests close and stall clients on purpose: the write errors that follow (premature close, EPIPE,
  // ECONNRESET) are expected, and Koa's default handler would print them after the test ended.
  app.on('error', () => undefined);
  app.use(streamRoutes({ feed, heartbeatMs: 60_000, ...(maxUnreadBytes ? { maxUnreadBytes } : {}) }).routes());
  const server = await listen(app, { port: 0, host: '127.0.0.1' });
  return { server, port: (server.server.address() as AddressInfo).port };
}

/** Reads the stream until `done(text)` or 2 s. */
async function readUntil(port: number, headers: Record<string, string>, done: (text: string) => boolean): Promise<string> {
  const controller = new AbortController();
  const res = await fetch(`http://127.0.0.1:${port}/v1/stream`, { headers, signal: controller.signal });
  const reader = res.body!.getReader();
  let text = '';
  const deadline = Date.now() + 2_000;
  while (!done(text) && Date.now() < deadline) {
    const { value, done: ended } = await reader.read();
    if (ended) break;
    text += new TextDecoder().decode(value);
  }
  controller.abort();
  return text;
}

describe('GET /v1/stream: resume and backpressure (issue 14, defect 6)', () => {
  it('given a client reconnecting with Last-Event-ID, then it first gets the changes it missed', async () => {
    const feed = fakeFeed();
    [1, 2, 3, 4].forEach((i) => feed.emit(i));
    const { server, port } = await serve(feed);
    try {
      const text = await readUntil(port, { 'Last-Event-ID': 'boot1-2' }, (t) => t.includes('boot1-4'));
      expect([...text.matchAll(/^id: (.+)$/gm)].map((m) => m[1])).toEqual(['boot1-3', 'boot1-4']);
    } finally {
      await server.close();
    }
  });

  it('given a Last-Event-ID of an earlier process, then it is told to reload (event: reset)', async () => {
    const feed = fakeFeed();
    const { server, port } = await serve(feed);
    try {
      expect(await readUntil(port, { 'Last-Event-ID': 'older-17' }, (t) => t.includes('reset'))).toContain('event: reset');
    } finally {
      await server.close();
    }
  });

  it('given a client that stops reading, when changes keep coming, then it is dropped instead of buffered for without bound', async () => {
    const feed = fakeFeed();
    const { server, port } = await serve(feed, 64 * 1024);
    const socket = connect(port, '127.0.0.1');
    try {
      await new Promise<void>((r) => socket.once('connect', () => r()));
      socket.write('GET /v1/stream HTTP/1.1\r\nHost: x\r\n\r\n');
      socket.pause(); // never reads again
      const deadline = Date.now() + 5_000;
      while (feed.subscribers === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      expect(feed.subscribers).toBe(1);
      const big = 'x'.repeat(16 * 1024);
      for (let i = 1; i <= 2_000 && feed.subscribers > 0; i++) {
        feed.emit(i, big);
        if (i % 50 === 0) await new Promise((r) => setTimeout(r, 1));
      }
      expect(feed.subscribers).toBe(0);
    } finally {
      socket.destroy();
      await server.close();
    }
  });
});
