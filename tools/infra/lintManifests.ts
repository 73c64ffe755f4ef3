/**
 * Lints the Kubernetes manifests with the real tools and validates what they render:
 *   1. `helm lint --strict` of deploy/helm/conveyor (values.schema.json included) with the default
 *      values and with the optional parts switched off;
 *   2. `helm template` and every Kustomize directory below, each object validated against its schema
 *      (tools/infra/validateManifests.ts);
 *   3. the chart's copy of the PrometheusRule equals deploy/components/monitoring/prometheusrule.yaml;
 *   4. the Backstage catalog (catalog-info.yaml): every entity named, every relation to an entity it declares.
 *   npx tsx tools/infra/lintManifests.ts
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { k8sBinary } from './k8sBinary';
import { chartDir, parseManifests, renderChart, renderKustomize, repoRoot, type K8sObject } from './renderManifests';
import { validateManifests } from './validateManifests';

/** Every Kustomize directory that must render (environments, cluster objects, Kafka, GitOps). */
export const kustomizeDirs = [
  'deploy/overlays/dev',
  'deploy/overlays/prod',
  'deploy/cluster/prod',
  'deploy/gitops/argocd',
  'strimzi/overlays/dev',
  'strimzi/overlays/prod',
  'strimzi/overlays/prod-dr',
];

/** Chart settings exercised besides the defaults (the optional parts off). */
const chartVariants: Record<string, string[]> = {
  defaults: [],
  minimal: ['--set', 'pgbouncer.enabled=false,networkPolicies.enabled=false,monitoring.enabled=false,database.externalSecrets.enabled=false,ingress.enabled=false,kafka.auth.enabled=false,database.rdsCa.enabled=false,namespace.create=false'],
  oidc: ['--set', 'oidc.issuer=https://login.example.com/,oidc.audience=conveyor'],
};

/** Relations of catalog-info.yaml that point to no entity of the file (`kind:name` refs, kind implied by the field). */
export function catalogProblems(entities: readonly K8sObject[]): string[] {
  const ids = new Set(entities.map((e) => `${e.kind.toLowerCase()}:${e.metadata.name}`));
  const problems = entities.filter((e) => !e.apiVersion.startsWith('backstage.io/')).map((e) => `catalog-info.yaml: ${e.kind}/${e.metadata.name}: not a backstage.io entity`);
  const implied: Record<string, string> = { providesApis: 'api', consumesApis: 'api', dependsOn: 'component', system: 'system' };
  for (const e of entities) {
    const spec = (e.spec ?? {}) as Record<string, unknown>;
    for (const [field, kind] of Object.entries(implied)) {
      const refs = ([] as unknown[]).concat(spec[field] ?? []).map(String);
      for (const ref of refs) {
        const id = ref.includes(':') ? ref : `${kind}:${ref}`;
        if (!ids.has(id)) problems.push(`catalog-info.yaml: ${e.kind}/${e.metadata.name}: ${field} ${ref} is not in the catalog`);
      }
    }
  }
  return problems;
}

async function main(): Promise<void> {
  const problems: string[] = [];
  const unvalidated = new Set<string>();
  const check = async (source: string, render: () => K8sObject[]) => {
    try {
      const objects = render();
      const report = await validateManifests(source, objects);
      problems.push(...report.errors);
      report.unvalidatedKinds.forEach((k) => unvalidated.add(k));
      console.log(`  ${report.errors.length ? 'FAIL' : 'ok  '}  ${source} (${objects.length} objects)`);
    } catch (err) {
      problems.push(`${source}: ${(err as Error).message}`);
      console.log(`  FAIL  ${source}`);
    }
  };

  // 1. helm lint
  for (const [name, args] of Object.entries(chartVariants)) {
    try {
      execFileSync(k8sBinary('helm'), ['lint', '--strict', chartDir, ...args], { encoding: 'utf8', stdio: 'pipe' });
      console.log(`  ok    helm lint --strict (${name})`);
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string };
      problems.push(`helm lint (${name}):\n${e.stdout ?? ''}${e.stderr ?? ''}`);
      console.log(`  FAIL  helm lint --strict (${name})`);
    }
  }
  // 2. render and validate
  for (const [name, args] of Object.entries(chartVariants)) await check(`helm template (${name})`, () => renderChart(args));
  for (const dir of kustomizeDirs) await check(`kustomize ${dir}`, () => renderKustomize(dir));
  // 3. the chart's PrometheusRule copy
  const rule = (p: string) => readFileSync(join(repoRoot, p), 'utf8');
  if (rule('deploy/helm/conveyor/files/prometheusrule.yaml') !== rule('deploy/components/monitoring/prometheusrule.yaml')) {
    problems.push('deploy/helm/conveyor/files/prometheusrule.yaml differs from deploy/components/monitoring/prometheusrule.yaml: copy it');
  }

  // 4. the Backstage catalog
  problems.push(...catalogProblems(parseManifests(rule('catalog-info.yaml'))));

  console.log(`  (custom resources checked for identity only: ${[...unvalidated].join(', ') || 'none'})`);
  if (problems.length) {
    console.error(problems.join('\n'));
    process.exit(1);
  }
}

if (require.main === module) void main();
