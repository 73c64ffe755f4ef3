import { http, HttpResponse, type HttpHandler } from 'msw';
import { createMockStore } from './createMockStore';
import { advanceOne, createMockRoutes } from './mockRoutes';

/** How often the mocked live stream sends a job change, in milliseconds. */
const streamIntervalMs = 2000;

/**
 * Mock Service Worker handlers for every call the dashboard makes, on any origin (the Settings
 * page's API addresses do not matter), plus `GET /v1/stream` as a live Server-Sent Events stream.
 */
export function createHandlers(): HttpHandler[] {
  const store = createMockStore();
  const stream = http.get('*/v1/stream', ({ request }) => {
    const jobId = new URL(request.url).searchParams.get('jobId');
    const encoder = new TextEncoder();
    let timer: ReturnType<typeof setInterval> | undefined;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode('retry: 2000\n\n'));
        timer = setInterval(() => {
          const change = advanceOne(store);
          if (!jobId || change.jobId === jobId) controller.enqueue(encoder.encode(`event: job\ndata: ${JSON.stringify(change)}\n\n`));
        }, streamIntervalMs);
      },
      cancel() {
        clearInterval(timer);
      },
    });
    return new HttpResponse(body, { headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' } });
  });
  const routes = createMockRoutes(store).map((route) => {
    const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'delete';
    return http[method](`*${route.path.replace(/\{(\w+)\}/g, ':$1')}`, async ({ request, params }) => {
      const url = new URL(request.url);
      const text = method === 'get' ? '' : await request.text();
      const answer = route.respond({ params: params as Record<string, string>, query: url.searchParams, body: text ? JSON.parse(text) : {} });
      if (answer.body === undefined) return new HttpResponse(null, { status: answer.status });
      return HttpResponse.json(answer.body, { status: answer.status, headers: answer.status >= 400 ? { 'content-type': 'application/problem+json' } : {} });
    });
  });
  // GET /v1/me is one of the routes: signed in as the admin key start.ts pastes, so every page and action shows.
  return [stream, ...routes];
}
