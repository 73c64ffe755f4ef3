import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { bundleExternals } from './buildService';

const root = join(__dirname, '..', '..');

/** A service's start, reduced to tracing: which of the bundled modules the instrumentations patched. */
const entry = `
import Koa from 'koa';
import { Client, Pool } from 'pg';
import { startTracing } from '@conveyor/runtime';
const wrapped = (fn: unknown) => (fn as { __wrapped?: boolean }).__wrapped === true;
// With span processors (here none), as a service with an exporter: without a receiver nothing is instrumented.
const stop = startTracing({ service: 'bundle-check', spanProcessors: [] });
console.log(JSON.stringify({ query: wrapped(Client.prototype.query), connect: wrapped(Object.getPrototypeOf(Pool).prototype.connect), use: wrapped(Koa.prototype.use) }));
void stop();
`;

/**
 * Issue 17: the services run bundled (`npm start`, the images), and the instrumentations must patch
 * the copies of pg and koa inside the bundle. Run from a folder with no node_modules above it, as in
 * the images, where nothing else could be found.
 */
describe('tracing in a service bundle', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'conveyor-bundle-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('patches the bundled pg client, pg pool and koa, with no node_modules beside the bundle', async () => {
    const outfile = join(dir, 'main.js');
    await build({
      stdin: { contents: entry, resolveDir: root, loader: 'ts', sourcefile: 'entry.ts' },
      outfile, bundle: true, platform: 'node', target: 'node20', format: 'cjs', external: bundleExternals, logLevel: 'error',
    });
    const out = execFileSync(process.execPath, [outfile], { cwd: dir, encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({ query: true, connect: true, use: true });
  });
});
