import { answered, body, createClient, positionHeader, type ConveyorClient } from '@conveyor/client';
import { currentBearer, notifyUnauthorized } from './credentials';
import { endpoints } from './endpoints';

type Api = 'command' | 'query';

export { answered, body, positionHeader };

const clients = new Map<string, ConveyorClient>();

/**
 * The `@conveyor/client` of the current endpoints (Settings may change them between calls): every call
 * carries the signed-in credential (`Authorization: Bearer …`, issue 11), and a 401 answer sends the user
 * to sign in again. Failures are `ConveyorProblemError`s (status 0 when the API could not be reached).
 */
export function conveyor(): ConveyorClient {
  const { command, query } = endpoints();
  const key = `${command} ${query}`;
  let client = clients.get(key);
  if (!client) {
    client = createClient({ commandUrl: command, queryUrl: query, getToken: currentBearer, onUnauthorized: notifyUnauthorized });
    clients.set(key, client);
  }
  return client;
}

/** The command API, typed from its OpenAPI document (through `@conveyor/client`). */
export const commandApi = () => conveyor().command;

/** The query API, typed from its OpenAPI document (through `@conveyor/client`). */
export const queryApi = () => conveyor().query;

/** The `Conveyor-Position` of a command's answer: where its events sit in the log (null when none was published). */
export const positionOf = (response: Response): string | null => response.headers.get(positionHeader);

/** Builds the absolute URL of `path` on one API (for EventSource, which fetch clients do not cover). */
export function apiUrl(api: Api, path: string, query: Record<string, string | undefined> = {}): string {
  const url = new URL(endpoints()[api] + path);
  for (const [key, value] of Object.entries(query)) if (value) url.searchParams.set(key, value);
  return url.toString();
}
