/**
 * The canary of each API is watched until its last step: its background analysis (strategy.canary.analysis)
 * uses templates whose metrics have no `count`, since an AnalysisRun with one ends successfully after that many
 * measurements and lets the rest of the rollout go unwatched; and a failed analysis aborts it (failureLimit set).
 */
import { renderChart, renderKustomize, type K8sObject } from './renderManifests';

type Metric = { name: string; count?: number; failureLimit?: number };
type Rollout = K8sObject & { spec: { strategy: { canary?: { analysis?: { templates: { templateName: string }[] } } } } };

const renderings: [string, () => K8sObject[]][] = [
  ['deploy/overlays/prod', () => renderKustomize('deploy/overlays/prod')],
  ['the Helm chart', () => renderChart()],
];

describe.each(renderings)('canary analysis in %s', (_source, render) => {
  const objects = render();
  const rollouts = objects.filter((o): o is Rollout => o.kind === 'Rollout');
  const metricsOf = (name: string) =>
    (objects.find((o) => o.kind === 'AnalysisTemplate' && o.metadata.name === name) as (K8sObject & { spec: { metrics: Metric[] } }) | undefined)
      ?.spec.metrics;

  it('runs a background analysis on the Rollouts of both APIs', () => {
    expect(rollouts.map((r) => [r.metadata.name, r.spec.strategy.canary?.analysis?.templates.length])).toEqual([
      ['command-api', 1],
      ['query-api', 1],
    ]);
  });

  it('measures until the last step and fails on repeated bad measurements', () => {
    for (const rollout of rollouts) {
      for (const { templateName } of rollout.spec.strategy.canary!.analysis!.templates) {
        const metrics = metricsOf(templateName);
        expect(metrics?.map((m) => m.name)).toEqual(['error-rate', 'p99-latency']);
        for (const m of metrics!) expect({ metric: m.name, count: m.count, failureLimit: m.failureLimit }).toEqual({ metric: m.name, count: undefined, failureLimit: 1 });
      }
    }
  });
});
