/** Where the two APIs live. The settings store changes them; every API function reads them per call. */
export interface Endpoints {
  /** Base URL of the command API, e.g. http://127.0.0.1:3001 */
  command: string;
  /** Base URL of the query API, e.g. http://127.0.0.1:3002 */
  query: string;
}

/** Defaults: the build-time variables, else the page's host name on ports 3001 and 3002. */
export function defaultEndpoints(): Endpoints {
  const host = typeof location === 'undefined' ? '127.0.0.1' : location.hostname;
  const protocol = typeof location === 'undefined' ? 'http:' : location.protocol;
  return {
    command: import.meta.env.VITE_COMMAND_API || `${protocol}//${host}:3001`,
    query: import.meta.env.VITE_QUERY_API || `${protocol}//${host}:3002`,
  };
}

let current: Endpoints = defaultEndpoints();

export function setEndpoints(next: Endpoints): void {
  current = { command: trimSlash(next.command), query: trimSlash(next.query) };
}

export function endpoints(): Endpoints {
  return current;
}

function trimSlash(url: string): string {
  return url.trim().replace(/\/+$/, '');
}
