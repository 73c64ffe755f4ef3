import dc from 'node:diagnostics_channel';
import http from 'node:http';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import Koa from 'koa';
import { Client, Pool } from 'pg';
import { createInstrumentations, instrumentedModules } from './instrumentations';
import { startTracing, tracer } from './tracing';

/** shimmer marks what it wrapped with `__wrapped`. */
const wrapped = (fn: unknown) => typeof fn === 'function' && (fn as { __wrapped?: boolean }).__wrapped === true;

describe('the instrumentations', () => {
  it('have a written-out loader for every module they patch, so a service bundle patches its own copy', () => {
    // An instrumentation enables itself when constructed (undici's subscribes to its diagnostics channels): disabled
    // here, or every later fetch of this process would run through this test file's code.
    const instrumentations = createInstrumentations();
    try {
      const names = instrumentations.flatMap((i) => i.getModuleDefinitions().map((d) => d.name));
      expect(names.length).toBeGreaterThan(0);
      expect(names.filter((name) => !instrumentedModules[name])).toEqual([]);
    } finally {
      for (const instrumentation of instrumentations) instrumentation.disable();
    }
    expect(dc.channel('undici:request:create').hasSubscribers).toBe(false);
  });

  it('patch the pg client, the pg pool and koa that were loaded before tracing started', async () => {
    const stop = startTracing({ service: 'instrumentations-test', spanProcessors: [] });
    try {
      expect(wrapped(Client.prototype.query)).toBe(true);
      expect(wrapped(Object.getPrototypeOf(Pool).prototype.connect)).toBe(true);
      expect(wrapped(Koa.prototype.use)).toBe(true);
    } finally {
      await stop();
    }
  });

  it('are undone when tracing stops, and a second start in the same process records again', async () => {
    const stop = startTracing({ service: 'instrumentations-test', spanProcessors: [] });
    expect(wrapped(http.request)).toBe(true);
    await stop();
    // node:http belongs to the whole process (in Jest, to every later test file too): no wrap of a stopped SDK stays.
    expect([http.request, http.get, Client.prototype.query, Koa.prototype.use].filter(wrapped)).toEqual([]);
    expect(dc.channel('undici:request:create').hasSubscribers).toBe(false);

    const exporter = new InMemorySpanExporter();
    const again = startTracing({ service: 'instrumentations-again', spanProcessors: [new SimpleSpanProcessor(exporter)] });
    try {
      tracer().startSpan('after a restart').end();
      // The span is exported once the SDK's resource (detected asynchronously) is settled.
      for (let i = 0; i < 100 && !exporter.getFinishedSpans().length; i++) await new Promise((r) => setTimeout(r, 20));
      expect(exporter.getFinishedSpans().map((s) => s.name)).toEqual(['after a restart']);
    } finally {
      await again();
    }
  });
});
