import { request } from 'node:http';
import { randomInt } from 'node:crypto';

/** An HTTP answer: status, lower-case headers, and the body parsed when JSON. */
export interface FromAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read loosely in assertions
  body: any;
}

/**
 * A loopback source address of its own (127.x.y.z, never 127.0.0.1): an anonymous client the APIs key
 * per address (rate limits, stream caps) is a different client on each.
 */
export function uniqueLoopbackAddress(): string {
  return `127.${randomInt(1, 255)}.${randomInt(0, 256)}.${randomInt(2, 255)}`;
}

/**
 * Sends one request from `localAddress` (public; the global fetch cannot choose its source address).
 * Resolves with the whole answer.
 */
export function requestFrom(localAddress: string, url: string, options: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<FromAnswer> {
  return new Promise((resolve, reject) => {
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const req = request(url, {
      method: options.method ?? 'GET', localAddress,
      headers: { ...options.headers, ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) }) },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const json = /json/.test(res.headers['content-type'] ?? '') && text;
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: json ? JSON.parse(text) : text });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** Opens a long-lived GET (an SSE stream) from `localAddress`; resolves at its headers with the status and a `close`. */
export function openFrom(localAddress: string, url: string, headers: Record<string, string> = {}): Promise<{ status: number; close: () => void }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { localAddress, headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      res.on('error', () => undefined);
      resolve({ status: res.statusCode ?? 0, close: () => res.destroy() });
    });
    req.on('error', reject);
    req.end();
  });
}
