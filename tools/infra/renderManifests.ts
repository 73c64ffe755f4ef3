/**
 * Renders Conveyor's Kubernetes manifests with the real tools (Helm 4 and kubectl's kustomize from
 * tools/infra/k8sBinary.ts) and parses them into objects, for the lint and the chart/overlay parity test.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { k8sBinary } from './k8sBinary';

export const repoRoot = join(__dirname, '..', '..');
export const chartDir = join(repoRoot, 'deploy', 'helm', 'conveyor');

/** A rendered Kubernetes object (only what every object has is typed). */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [key: string]: unknown };
  [key: string]: unknown;
}

/** Parses a multi-document YAML stream, dropping empty documents; throws on a YAML error. */
export function parseManifests(text: string): K8sObject[] {
  return parseAllDocuments(text)
    .map((doc) => {
      if (doc.errors.length) throw new Error(doc.errors.map((e) => e.message).join('\n'));
      return doc.toJS() as K8sObject | null;
    })
    .filter((o): o is K8sObject => o !== null && typeof o === 'object');
}

/** `helm template` of the chart with extra arguments (e.g. `--set`, `-f`), as objects. */
export function renderChart(args: readonly string[] = [], namespace = 'conveyor'): K8sObject[] {
  const out = execFileSync(k8sBinary('helm'), ['template', 'conveyor', chartDir, '--namespace', namespace, ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return parseManifests(out);
}

/** `kubectl kustomize <dir>` (relative to the repository), as objects. */
export function renderKustomize(dir: string): K8sObject[] {
  const out = execFileSync(k8sBinary('kubectl'), ['kustomize', join(repoRoot, dir)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return parseManifests(out);
}

/**
 * `Kind/name` of each object, sorted. The hash suffix kustomize's generators add to ConfigMap and
 * Secret names (`conveyor-config-7h2k9c5m4t`) is dropped so generated and fixed names compare.
 */
export function kindsAndNames(objects: readonly K8sObject[]): string[] {
  return objects
    .map((o) => {
      const name = o.kind === 'ConfigMap' || o.kind === 'Secret' ? o.metadata.name.replace(/-[a-z0-9]{10}$/, '') : o.metadata.name;
      return `${o.kind}/${name}`;
    })
    .sort();
}
