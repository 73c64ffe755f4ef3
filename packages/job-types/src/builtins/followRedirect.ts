import { NonRetriableError } from '@conveyor/errors';

/** One request of a redirect chain. */
export interface Hop {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/** Headers that carry credentials: not sent to another origin than the one the job named. */
const credentialHeaders = new Set(['authorization', 'cookie', 'proxy-authorization', 'x-api-key']);
/** Headers that describe the body: dropped with it. */
const bodyHeaders = new Set(['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location']);

/**
 * The next request of a redirect (pure), as fetch's rules would make it: 303, and 301/302 after a POST,
 * become a GET without a body (HEAD stays HEAD); 307 and 308 repeat the method and the body. Credential
 * headers are dropped when the redirect leaves the origin. A Location that is not http(s) fails for good.
 */
export function followRedirect(hop: Hop, status: number, location: string): Hop {
  let url: URL;
  try {
    url = new URL(location, hop.url);
  } catch {
    throw new NonRetriableError(`redirect ${status} from ${safeUrl(hop.url)} to an invalid location`, 'HTTP_REDIRECT_INVALID');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new NonRetriableError(`redirect ${status} from ${safeUrl(hop.url)} to a ${url.protocol} URL`, 'HTTP_REDIRECT_INVALID');
  }
  const toGet = (status === 303 && hop.method !== 'HEAD') || ((status === 301 || status === 302) && hop.method === 'POST');
  const sameOrigin = url.origin === hop.url.origin;
  const headers = Object.fromEntries(Object.entries(hop.headers).filter(([name]) => {
    const lower = name.toLowerCase();
    return !(toGet && bodyHeaders.has(lower)) && (sameOrigin || !credentialHeaders.has(lower));
  }));
  return { url, method: toGet ? 'GET' : hop.method, headers, body: toGet ? undefined : hop.body };
}

/** A URL as error messages show it: origin and path, never the user info, query or fragment (they may carry secrets). */
export function safeUrl(url: string | URL): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}
