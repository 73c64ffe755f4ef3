import type { Context } from 'koa';
import { MalformedRequestError, PayloadTooLargeError, UnsupportedMediaTypeError } from '@conveyor/errors';

export interface ParseJsonBodyOptions {
  /** The largest body accepted, in bytes; a larger one is refused with 413. */
  limit: number;
}

const jsonType = /^application\/json\s*(;|$)/i;
const charsetParam = /;\s*charset\s*=\s*"?([^";\s]+)"?/i;

/**
 * Reads the request body as JSON (internal). 413 when larger than `limit` (from Content-Length at
 * once, else while streaming); 415 unless the content type is application/json in UTF-8; 400
 * MALFORMED_REQUEST when the bytes are not UTF-8 JSON. Returns the parsed value (`unknown`), or
 * `undefined` when the request has no body.
 */
export async function parseJsonBody(ctx: Context, options: ParseJsonBodyOptions): Promise<unknown> {
  const { req } = ctx;
  const declared = req.headers['content-length'];
  const hasBody = req.headers['transfer-encoding'] !== undefined || (declared !== undefined && declared !== '0');
  // No body at all is `undefined`: the caller's parser decides whether one was required.
  if (!hasBody) return undefined;
  const type = req.headers['content-type'] ?? '';
  const charset = charsetParam.exec(type)?.[1]?.toLowerCase();
  if (!jsonType.test(type) || (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')) {
    throw new UnsupportedMediaTypeError(`expected Content-Type application/json (UTF-8), got ${type ? JSON.stringify(type) : 'none'}`);
  }
  if (declared !== undefined && Number(declared) > options.limit) throw tooLarge(options.limit);
  const raw = await readLimited(req, options.limit);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    throw new MalformedRequestError('the request body is not valid UTF-8');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new MalformedRequestError(`the request body is not valid JSON: ${(err as Error).message}`);
  }
}

const tooLarge = (limit: number) => new PayloadTooLargeError(`the request body exceeds ${limit} bytes`, { context: { limit } });

function readLimited(req: NodeJS.ReadableStream, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        // Keep draining (and discarding) the rest so the connection stays usable for the 413 answer.
        req.resume();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (err: Error) => {
      cleanup();
      reject(new MalformedRequestError('the request body could not be read', { cause: err }));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}
