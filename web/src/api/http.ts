import { ApiError } from './ApiError';
import { endpoints } from './endpoints';
import type { Problem } from './types';

type Api = 'command' | 'query';

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  query?: Record<string, string | number | string[] | undefined | null>;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** Builds the absolute URL of `path` on one API, with repeated keys for array query values. */
export function apiUrl(api: Api, path: string, query: RequestOptions['query'] = {}): string {
  const url = new URL(endpoints()[api] + path);
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) value.forEach((v) => url.searchParams.append(key, v));
    else url.searchParams.set(key, String(value));
  }
  return url.toString();
}

/**
 * The one place the dashboard calls `fetch`: JSON in and out, RFC 7807 problems turned into
 * `ApiError`, network failures into a status-0 problem naming the URL.
 */
export async function request<T>(api: Api, path: string, options: RequestOptions = {}): Promise<T> {
  const url = apiUrl(api, path, options.query);
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json', ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(url, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError({
      type: 'about:blank',
      title: `Cannot reach the ${api} API`,
      status: 0,
      detail: `${options.method ?? 'GET'} ${url} failed (server down, wrong address in Settings, or CORS).`,
    });
  }
  const text = await res.text();
  const json = text ? safeParse(text) : undefined;
  if (!res.ok) throw new ApiError(asProblem(json, res));
  return json as T;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function asProblem(json: unknown, res: Response): Problem {
  if (json && typeof json === 'object' && 'title' in json) {
    const p = json as Partial<Problem>;
    return { type: p.type ?? 'about:blank', title: String(p.title), status: p.status ?? res.status, ...p } as Problem;
  }
  return {
    type: 'about:blank',
    title: res.statusText || `HTTP ${res.status}`,
    status: res.status,
    detail: typeof json === 'string' && json.length < 300 ? json : undefined,
  };
}
