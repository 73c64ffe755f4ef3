/**
 * The Helm chart and the production Kustomize overlay are two ways to install the same thing: for the
 * same settings they render the same objects (kinds and names), and the workloads agree on replicas,
 * images, environment variable names, resources and probes.
 */
import { kindsAndNames, renderChart, renderKustomize, type K8sObject } from './renderManifests';

type Container = { name: string; image: string; env?: { name: string; value?: string; valueFrom?: unknown }[]; resources?: unknown; readinessProbe?: unknown; livenessProbe?: unknown };
type Workload = K8sObject & { spec: { replicas?: number; template: { spec: { containers: Container[] } } } };

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

  it('gives each workload the same replicas, images, environment, resources and probes', () => {
    const fromChart = workloads(chart);
    for (const [name, expected] of workloads(overlay)) {
      const actual = fromChart.get(name)!;
      expect({ name, replicas: actual.spec.replicas }).toEqual({ name, replicas: expected.spec.replicas });
      const summary = (w: Workload) =>
        w.spec.template.spec.containers.map((c) => ({
          name: c.name,
          image: c.image,
          env: [...(c.env ?? [])].sort((a, b) => a.name.localeCompare(b.name)),
          resources: c.resources,
          readinessProbe: c.readinessProbe,
          livenessProbe: c.livenessProbe,
        }));
      expect(summary(actual)).toEqual(summary(expected));
    }
  });
});
