import Koa from 'koa';
import { Client, Pool } from 'pg';
import { createInstrumentations, instrumentedModules } from './instrumentations';
import { startTracing } from './tracing';

/** shimmer marks what it wrapped with `__wrapped`. */
const wrapped = (fn: unknown) => typeof fn === 'function' && (fn as { __wrapped?: boolean }).__wrapped === true;

describe('the instrumentations', () => {
  it('have a written-out loader for every module they patch, so a service bundle patches its own copy', () => {
    const names = createInstrumentations().flatMap((i) => i.getModuleDefinitions().map((d) => d.name));
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((name) => !instrumentedModules[name])).toEqual([]);
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
});
