/**
 * The Helm chart and the production Kustomize overlay are two ways to install the same thing: for the
 * same settings they render the same objects (kinds and names) with the same specs.
 */
import { kindsAndNames, renderChart, renderKustomize, type K8sObject } from './renderManifests';

type Named = { name: string };
type Container = Named & { env?: Named[]; volumeMounts?: Named[] };
type Workload = K8sObject & { spec: { replicas?: number; template: { spec: { containers: Container[]; volumes?: Named[] } } } };

const byName = (a: Named, b: Named) => a.name.localeCompare(b.name);

function workloads(objects: readonly K8sObject[]): Map<string, Workload> {
  return new Map(objects.filter((o) => o.kind === 'Deployment').map((o) => [o.metadata.name, o as Workload]));
}

describe('Helm chart vs deploy/overlays/prod', () => {
  // The overlay's REPLACE_ME image names and tags are the chart's defaults too.
  const chart = renderChart();
  const overlay = renderKustomize('deploy/overlays/prod');

  it('renders the same kinds and names', () => {
    expect(kindsAndNames(chart)).toEqual(kindsAndNames(overlay));
  });

  it('puts everything namespaced in the same namespace', () => {
    const namespaces = (objects: readonly K8sObject[]) => new Set(objects.filter((o) => o.kind !== 'Namespace').map((o) => o.metadata.namespace));
    expect(namespaces(chart)).toEqual(new Set(['conveyor']));
    expect(namespaces(overlay)).toEqual(new Set(['conveyor']));
  });

  it('gives each Deployment the same spec (pod template included)', () => {
    // Helm's config checksum annotation is the chart's own; the order of env, mounts and volumes does not matter.
    const normalized = (w: Workload) => {
      const spec = structuredClone(w.spec) as Workload['spec'] & { template: { metadata?: { annotations?: unknown } } };
      delete spec.template.metadata?.annotations;
      spec.template.spec.volumes?.sort(byName);
      for (const c of spec.template.spec.containers) {
        c.env?.sort(byName);
        c.volumeMounts?.sort(byName);
      }
      return spec;
    };
    const fromChart = workloads(chart);
    for (const [name, expected] of workloads(overlay)) {
      expect({ name, spec: normalized(fromChart.get(name)!) }).toEqual({ name, spec: normalized(expected) });
    }
  });

  it('gives the shared ConfigMap the same data', () => {
    const data = (objects: readonly K8sObject[]) => objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('conveyor-config'))?.data;
    expect(data(chart)).toEqual(data(overlay));
  });

  it.each(['HorizontalPodAutoscaler', 'PodDisruptionBudget', 'Service', 'NetworkPolicy', 'Ingress', 'Rollout', 'AnalysisTemplate', 'Server', 'AuthorizationPolicy', 'MeshTLSAuthentication', 'ExternalSecret', 'ServiceMonitor', 'PrometheusRule'])(
    'gives every %s the same spec',
    (kind) => {
      const specs = (objects: readonly K8sObject[]) =>
        Object.fromEntries(objects.filter((o) => o.kind === kind).map((o) => [o.metadata.name, o.spec]));
      expect(specs(chart)).toEqual(specs(overlay));
    },
  );
});
