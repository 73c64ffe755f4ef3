import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { KoaInstrumentation, KoaLayerType } from '@opentelemetry/instrumentation-koa';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';

/**
 * The instrumentations every service runs (internal to startTracing):
 * - pg: one span per query (statement text without parameters) and pool connect;
 * - undici: outbound `fetch` (the `http.request` job type's webhook calls, the schema registry);
 * - http: outbound node:http(s) clients. Incoming requests are left to `observeRequests`, which
 *   already opens the SERVER span from the caller's `traceparent` and names it after the route;
 * - koa: a span per matched router layer (`router - /v1/jobs/:id`) under that SERVER span; the
 *   shared middlewares (problems, CORS, metrics) are left out, their time is the SERVER span's.
 * Each creates spans only inside a trace: the processors' polling loops (timers, advisory locks,
 * lag samples) would otherwise each start a trace of one span.
 */
export function createInstrumentations() {
  return [
    new PgInstrumentation({ requireParentSpan: true, enhancedDatabaseReporting: false }),
    new UndiciInstrumentation({ requireParentforSpans: true }),
    new HttpInstrumentation({ disableIncomingRequestInstrumentation: true, requireParentforOutgoingSpans: true }),
    new KoaInstrumentation({ ignoreLayersType: [KoaLayerType.MIDDLEWARE] }),
  ] as const;
}

/**
 * How to load each module the instrumentations patch, by the name in their definitions (internal).
 * Written out rather than `require(definition.name)`: esbuild bundles a literal `require`, so a
 * service bundle (`npm start`, the images) patches the copy of pg and koa it carries. A computed
 * `require` stays a runtime lookup, which found another copy in node_modules (or none, in the
 * images), and the bundled services recorded no Postgres or Koa spans.
 */
export const instrumentedModules: Record<string, () => unknown> = {
  pg: () => require('pg'),
  // pg's Pool extends the class pg-pool exports (pg-pool is pg's own dependency, not one of ours).
  'pg-pool': () => Object.getPrototypeOf((require('pg') as { Pool: object }).Pool),
  koa: () => require('koa'),
  http: () => require('node:http'),
  https: () => require('node:https'),
};

/**
 * The services import `pg` and `koa` (through this package) before `startTracing` runs, while the
 * instrumentations' require hook only patches a module required after it is enabled (and never sees
 * Jest's module registry). So each module an instrumentation targets is required again here, through
 * the same `require` as the rest of the process: the hook patches it if it can, otherwise it is
 * patched here. Every patch works in place (prototypes, module objects), so the references taken
 * earlier see it, and no service needs a `--require` preload. Returns what undoes the patches made here:
 * `getModuleDefinitions()` builds new definitions on each call, so an instrumentation's own `disable()`
 * never sees them (internal).
 */
export function patchLoadedModules(instrumentations: ReturnType<typeof createInstrumentations>): () => void {
  const undo: Array<() => void> = [];
  for (const instrumentation of instrumentations) {
    for (const definition of instrumentation.getModuleDefinitions()) {
      if (definition.moduleExports) continue;
      const load = instrumentedModules[definition.name];
      if (!load) throw new Error(`instrumentedModules has no loader for ${definition.name}, which an instrumentation patches`);
      const exports = load();
      if (definition.moduleExports) continue; // the require hook has just patched it
      const version = versionOf(definition.name);
      definition.moduleExports = exports;
      definition.patch?.(exports, version);
      undo.push(() => definition.unpatch?.(exports, version));
    }
  }
  return () => {
    for (const step of undo.reverse()) step();
  };
}

function versionOf(name: string): string | undefined {
  try {
    return (require(`${name}/package.json`) as { version?: string }).version;
  } catch {
    return undefined; // a core module, or one whose package.json is not exported
  }
}
