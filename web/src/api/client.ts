import createClient, { type Client, type Middleware } from 'openapi-fetch';
import { ApiError } from './ApiError';
import { currentBearer, notifyUnauthorized } from './credentials';
import { endpoints } from './endpoints';
import type { paths as CommandPaths } from './generated/commandApi';
import type { paths as QueryPaths } from './generated/queryApi';
import type { Problem } from './types';

type Api = 'command' | 'query';

/** The response header of the command API naming where its events sit in the log (read your own writes). */
export const positionHeader = 'Conveyor-Position';

const clients = new Map<string, Client<never>>();

/** One openapi-fetch client per API and base URL (Settings may change the URL between calls). */
function clientFor<Paths extends object>(api: Api): Client<Paths> {
  const baseUrl = endpoints()[api];
  const key = `${api} ${baseUrl}`;
  let client = clients.get(key) as Client<Paths> | undefined;
  if (!client) {
    client = createClient<Paths>({ baseUrl, headers: { accept: 'application/json, application/problem+json' } });
    client.use(networkFailures(api), bearerCredential());
    clients.set(key, client as Client<never>);
  }
  return client;
}

/** The command API, typed from its OpenAPI document (web/src/api/generated, `npm run gen:api`). */
export const commandApi = (): Client<CommandPaths> => clientFor<CommandPaths>('command');

/** The query API, typed from its OpenAPI document (web/src/api/generated, `npm run gen:api`). */
export const queryApi = (): Client<QueryPaths> => clientFor<QueryPaths>('query');

/** Network failures become a status-0 problem naming the URL; an abort stays an abort. */
function networkFailures(api: Api): Middleware {
  return {
    onError({ request, error }) {
      if (error instanceof DOMException && error.name === 'AbortError') return error;
      return new ApiError({
        type: 'about:blank',
        title: `Cannot reach the ${api} API`,
        status: 0,
        detail: `${request.method} ${request.url} failed (server down, wrong address in Settings, or CORS).`,
      });
    },
  };
}

/**
 * Every call carries the signed-in credential (`Authorization: Bearer …`, issue 11); a 401 answer means it
 * is missing, expired or revoked, and sends the user to sign in again.
 */
function bearerCredential(): Middleware {
  return {
    onRequest({ request }) {
      const token = currentBearer();
      if (token) request.headers.set('Authorization', `Bearer ${token}`);
      return request;
    },
    onResponse({ response }) {
      if (response.status === 401) notifyUnauthorized();
      return response;
    },
  };
}

/** The `Conveyor-Position` of a command's answer: where its events sit in the log (null when none was published). */
export const positionOf = (response: Response): string | null => response.headers.get(positionHeader);

/** What an openapi-fetch call resolves to: the typed body on success, the error body otherwise. */
type Answer<T> = { data?: T; error?: unknown; response: Response };

/**
 * The one place the dashboard reads API answers: the typed body and the response, or the server's
 * RFC 7807 problem thrown as `ApiError` (network failures are turned into one by the clients).
 */
export async function answered<T>(pending: Promise<Answer<T>>): Promise<{ data: T; response: Response }> {
  const { data, error, response } = await pending;
  if (!response.ok || error !== undefined) throw new ApiError(asProblem(error, response));
  return { data: data as T, response };
}

/** The typed body of a successful call (see `answered`). */
export async function body<T>(pending: Promise<Answer<T>>): Promise<T> {
  return (await answered(pending)).data;
}

/** Builds the absolute URL of `path` on one API (for EventSource, which fetch clients do not cover). */
export function apiUrl(api: Api, path: string, query: Record<string, string | undefined> = {}): string {
  const url = new URL(endpoints()[api] + path);
  for (const [key, value] of Object.entries(query)) if (value) url.searchParams.set(key, value);
  return url.toString();
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
