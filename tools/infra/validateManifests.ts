/**
 * Schema validation of rendered Kubernetes objects: built-in kinds against the Kubernetes OpenAPI
 * schemas of the npm package `kubernetes-models`, Argo Rollouts and Argo CD kinds against
 * `@kubernetes-models/argo-rollouts` and `@kubernetes-models/argo-cd`. Other custom resources
 * (External Secrets, Prometheus Operator, Strimzi, Linkerd) have no packaged schema: they are only
 * checked for apiVersion, kind and metadata.name, and listed as such.
 */
import type { K8sObject } from './renderManifests';

type ModelClass = new (data: unknown) => { validate(): void };

const customModules: Record<string, string> = {
  'argoproj.io/v1alpha1/Rollout': '@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1',
  'argoproj.io/v1alpha1/AnalysisTemplate': '@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1',
  'argoproj.io/v1alpha1/Application': '@kubernetes-models/argo-cd/argoproj.io/v1alpha1',
  'argoproj.io/v1alpha1/AppProject': '@kubernetes-models/argo-cd/argoproj.io/v1alpha1',
};

/** The module of a built-in API version, or undefined for a custom resource. */
function builtinModule(apiVersion: string): string | undefined {
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0]! : '';
  const builtin = group === '' || !group.includes('.') || group.endsWith('.k8s.io');
  return builtin ? `kubernetes-models/${apiVersion}` : undefined;
}

async function modelOf(o: K8sObject): Promise<ModelClass | undefined> {
  const path = customModules[`${o.apiVersion}/${o.kind}`] ?? builtinModule(o.apiVersion);
  if (!path) return undefined;
  const mod = (await import(path)) as Record<string, ModelClass | undefined>;
  const model = mod[o.kind];
  if (!model) throw new Error(`${o.kind}/${o.metadata?.name}: no kind ${o.kind} in ${o.apiVersion}`);
  return model;
}

/**
 * What the API server accepts but the schema's `byte` format does not: kustomize wraps long base64
 * Secret values over several lines, and Go's base64 decoder skips the line breaks.
 */
function normalize(o: K8sObject): K8sObject {
  if (o.kind !== 'Secret' || typeof o.data !== 'object' || o.data === null) return o;
  const data = Object.fromEntries(Object.entries(o.data as Record<string, string>).map(([k, v]) => [k, String(v).replace(/\s+/g, '')]));
  return { ...o, data };
}

export interface ValidationReport {
  errors: string[];
  /** `Kind (apiVersion)` of custom resources checked only for their identity. */
  unvalidatedKinds: string[];
}

/** Validates every object; never throws for an invalid object, it reports it. */
export async function validateManifests(source: string, objects: readonly K8sObject[]): Promise<ValidationReport> {
  const errors: string[] = [];
  const unvalidated = new Set<string>();
  for (const o of objects) {
    const id = `${source}: ${o.kind ?? '?'}/${o.metadata?.name ?? '?'}`;
    if (!o.apiVersion || !o.kind || !o.metadata?.name) {
      errors.push(`${id}: apiVersion, kind and metadata.name are required`);
      continue;
    }
    try {
      const model = await modelOf(o);
      if (model) new model(normalize(o)).validate();
      else unvalidated.add(`${o.kind} (${o.apiVersion})`);
    } catch (err) {
      errors.push(`${id}: ${(err as Error).message}`);
    }
  }
  return { errors, unvalidatedKinds: [...unvalidated].sort() };
}
