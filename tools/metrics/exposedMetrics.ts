import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { createMetrics } from '@conveyor/runtime';

/** A metric family as a service registers it. */
export interface MetricFamily {
  name: string;
  type: 'counter' | 'gauge' | 'histogram' | 'summary';
  labelNames: string[];
  /** Where it is registered: `createMetrics` or a source file. */
  source: string;
}

const constructors: Record<string, MetricFamily['type']> = { Counter: 'counter', Gauge: 'gauge', Histogram: 'histogram', Summary: 'summary' };

/** The shared families of `createMetrics`, the process and Node.js defaults included (read from a real registry). */
export function sharedFamilies(): MetricFamily[] {
  return createMetrics('check-metrics').registry.getMetricsAsArray().map((metric) => {
    const m = metric as unknown as { name: string; type: MetricFamily['type']; labelNames?: string[] };
    return { name: m.name, type: m.type, labelNames: [...(m.labelNames ?? [])], source: 'createMetrics' };
  });
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (name === 'node_modules' || name.startsWith('.')) return [];
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') && !name.includes('.spec.') ? [p] : [];
  });
}

/** The string a `name:` property holds: a literal, or a `const` of the same file initialised with one. */
function stringValue(node: ts.Expression, file: ts.SourceFile): string | undefined {
  if (ts.isStringLiteralLike(node)) return node.text;
  if (!ts.isIdentifier(node)) return undefined;
  let found: string | undefined;
  const visit = (n: ts.Node): void => {
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.name.text === node.text && n.initializer && ts.isStringLiteralLike(n.initializer)) {
      found = n.initializer.text;
    }
    n.forEachChild(visit);
  };
  visit(file);
  return found;
}

/**
 * The families registered outside `createMetrics` (a service's own counters and gauges): every
 * `new Counter|Gauge|Histogram|Summary({ name, labelNames })` in the given source folders, read
 * from the syntax tree. A constructor whose name cannot be read is reported in `unreadable`.
 */
export function localFamilies(root: string, dirs: string[]): { families: MetricFamily[]; unreadable: string[] } {
  const families: MetricFamily[] = [];
  const unreadable: string[] = [];
  for (const path of dirs.flatMap((d) => sourceFiles(join(root, d)))) {
    const text = readFileSync(path, 'utf8');
    if (!/new (Counter|Gauge|Histogram|Summary)\b/.test(text)) continue;
    const file = ts.createSourceFile(path, text, ts.ScriptTarget.ES2022, true);
    const visit = (node: ts.Node): void => {
      if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && constructors[node.expression.text]) {
        const options = node.arguments?.[0];
        const where = `${relative(root, path)}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
        const props = options && ts.isObjectLiteralExpression(options)
          ? new Map(options.properties.flatMap((p) => (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) ? [[p.name.text, p.initializer] as const] : [])))
          : undefined;
        const nameNode = props?.get('name');
        const name = nameNode && stringValue(nameNode, file);
        const labelsNode = props?.get('labelNames');
        const labelNames = labelsNode && ts.isArrayLiteralExpression(labelsNode)
          ? labelsNode.elements.flatMap((e) => (ts.isStringLiteralLike(e) ? [e.text] : []))
          : [];
        if (name) families.push({ name, type: constructors[node.expression.text] as MetricFamily['type'], labelNames, source: where });
        else unreadable.push(where);
      }
      node.forEachChild(visit);
    };
    visit(file);
  }
  return { families, unreadable };
}

/**
 * The series names a family exposes, each with its labels: histograms add `_bucket` (with `le`),
 * `_sum` and `_count`; summaries add `quantile`, `_sum` and `_count`.
 */
export function seriesOf(family: MetricFamily): Array<{ name: string; labels: string[] }> {
  const { name, labelNames: labels } = family;
  switch (family.type) {
    case 'histogram':
      return [{ name: `${name}_bucket`, labels: [...labels, 'le'] }, { name: `${name}_sum`, labels }, { name: `${name}_count`, labels }];
    case 'summary':
      return [{ name, labels: [...labels, 'quantile'] }, { name: `${name}_sum`, labels }, { name: `${name}_count`, labels }];
    default:
      return [{ name, labels }];
  }
}
