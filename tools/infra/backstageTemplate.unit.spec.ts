/**
 * The Backstage software template deploy/backstage/templates/job-type-worker: every value its skeleton
 * uses is passed by the template's fetch:template step, and the skeleton rendered with sample values
 * leaves no placeholder behind and yields valid JSON and YAML.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { repoRoot } from './renderManifests';

const templateDir = join(repoRoot, 'deploy', 'backstage', 'templates', 'job-type-worker');
const skeletonDir = join(templateDir, 'skeleton');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? filesUnder(join(dir, f)) : [join(dir, f)]));
}

/** The `${{ values.x }}` subset of Nunjucks the skeleton uses. */
function render(text: string, values: Record<string, string>): string {
  return text.replace(/\$\{\{\s*values\.(\w+)\s*\}\}/g, (_, key: string) => values[key] ?? `<missing ${key}>`);
}

describe('Backstage template job-type-worker', () => {
  const template = parse(readFileSync(join(templateDir, 'template.yaml'), 'utf8')) as {
    spec: { steps: { action: string; input: { values?: Record<string, string> } }[] };
  };
  const passed = template.spec.steps.find((s) => s.action === 'fetch:template')!.input.values!;
  const sample = { name: 'invoice-pdf', jobType: 'invoice.pdf', description: 'Renders an invoice as PDF.', sideEffects: 'true', timeoutMs: '30000', owner: 'group:billing' };
  const files = filesUnder(skeletonDir);

  it('passes every value the skeleton uses', () => {
    const used = new Set(files.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/\$\{\{\s*values\.(\w+)/g)].map((m) => m[1]!)));
    expect([...used].filter((k) => !(k in passed))).toEqual([]);
    expect(Object.keys(sample).sort()).toEqual(Object.keys(passed).sort());
  });

  it('templates only .njk files, so the skeleton is never linted or tested as part of this repository', () => {
    expect(files.map((f) => relative(skeletonDir, f)).filter((f) => !f.endsWith('.njk'))).toEqual([]);
  });

  it('renders with no placeholder left, valid JSON and YAML', () => {
    for (const f of files) {
      const text = render(readFileSync(f, 'utf8'), sample);
      expect({ f, left: text.match(/\$\{\{|<missing/) }).toEqual({ f, left: null });
      if (f.endsWith('.json.njk')) expect(() => JSON.parse(text)).not.toThrow();
      if (f.endsWith('.yaml.njk')) expect(parseAllDocuments(text).flatMap((d) => d.errors)).toEqual([]);
    }
    expect(render(readFileSync(join(skeletonDir, 'src', 'index.ts.njk'), 'utf8'), sample)).toContain("type: 'invoice.pdf',");
  });
});
