import type { Middleware } from 'koa';

/**
 * What an OpenAPI operation marked `deprecated: true` declares about its retirement (the operation's
 * `x-deprecation` extension): since when (`at`), when it stops answering (`sunset`), and the operation that
 * replaces it under a newer version prefix (`successor`, a path template such as `/v2/jobs/{id}`).
 */
export interface DeprecationNotice {
  /** ISO 8601 instant the operation was deprecated. */
  at: string;
  /** ISO 8601 instant after which it may be removed. */
  sunset?: string;
  successor?: string;
}

interface DeprecatedRoute {
  method: string;
  pattern: RegExp;
  deprecation: string;
  sunset: string | undefined;
  successor: string | undefined;
}

const methods = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

/** `/v1/jobs/{id}` → a regular expression with a named group per parameter. */
const templatePattern = (template: string) =>
  new RegExp(`^${template.split(/\{([^}]+)\}/).map((part, i) => (i % 2 ? `(?<${part.replace(/\W/g, '_')}>[^/]+)` : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))).join('')}$`);

const instant = (value: string, what: string) => {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new Error(`${what} is not an ISO 8601 instant: ${value}`);
  return ms;
};

/** The deprecated operations of an OpenAPI document; throws when one lacks a valid `x-deprecation`. */
export function deprecatedRoutes(document: { paths?: Record<string, unknown> }): DeprecatedRoute[] {
  const routes: DeprecatedRoute[] = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of methods) {
      const operation = (item as Record<string, { deprecated?: boolean; 'x-deprecation'?: DeprecationNotice } | undefined>)[method];
      if (operation?.deprecated !== true) continue;
      const notice = operation['x-deprecation'];
      const name = `${method.toUpperCase()} ${path}`;
      if (!notice?.at) throw new Error(`${name} is deprecated without x-deprecation.at`);
      const at = instant(notice.at, `${name} x-deprecation.at`);
      const sunset = notice.sunset === undefined ? undefined : instant(notice.sunset, `${name} x-deprecation.sunset`);
      if (sunset !== undefined && sunset < at) throw new Error(`${name}: x-deprecation.sunset is before its deprecation`);
      routes.push({
        method: method.toUpperCase(),
        pattern: templatePattern(path),
        // RFC 9745: a Structured Fields date, seconds since the epoch.
        deprecation: `@${Math.floor(at / 1000)}`,
        // RFC 8594: an HTTP-date.
        sunset: sunset === undefined ? undefined : new Date(sunset).toUTCString(),
        successor: notice.successor,
      });
    }
  }
  return routes;
}

/**
 * Announces deprecated operations on the wire (public): for a request to an operation the OpenAPI document
 * marks `deprecated: true`, answers `Deprecation` (RFC 9745), `Sunset` (RFC 8594) and
 * `Link: <successor>; rel="successor-version"` (the successor's path parameters filled from the request).
 * Set before the routes run, so errors carry them too. Throws at construction on an incomplete notice.
 */
export function deprecation(options: { document: { paths?: Record<string, unknown> } }): Middleware {
  const routes = deprecatedRoutes(options.document);
  return async (ctx, next) => {
    const route = routes.length ? routes.find((r) => r.method === ctx.method && r.pattern.test(ctx.path)) : undefined;
    if (route) {
      ctx.set('Deprecation', route.deprecation);
      if (route.sunset) ctx.set('Sunset', route.sunset);
      if (route.successor) {
        const params = route.pattern.exec(ctx.path)?.groups ?? {};
        const target = route.successor.replace(/\{([^}]+)\}/g, (whole, name: string) => params[name.replace(/\W/g, '_')] ?? whole);
        ctx.append('Link', `<${target}>; rel="successor-version"`);
      }
    }
    await next();
  };
}
