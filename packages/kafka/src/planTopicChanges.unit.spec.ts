import { planTopicChanges } from './planTopicChanges';
import { resolveCatalog } from './topicCatalog';

describe('planTopicChanges', () => {
  const catalog = resolveCatalog({ prefix: 't.' });
  const events = catalog[0]!;

  it('creates every topic on an empty cluster', () => {
    const plan = planTopicChanges(catalog, []);
    expect(plan.map((c) => c.kind)).toEqual(catalog.map(() => 'create'));
  });

  it('changes nothing when the cluster matches', () => {
    const existing = catalog.map((s) => ({
      name: s.name, partitions: s.partitions,
      configs: { 'retention.ms': String(s.retentionMs), 'cleanup.policy': s.cleanupPolicy },
    }));
    expect(planTopicChanges(catalog, existing)).toEqual([]);
  });

  it('grows partitions, refuses to shrink, and aligns configs', () => {
    const plan = planTopicChanges([events, { ...events, name: 'other', partitions: 2 }], [
      { name: events.name, partitions: 3, configs: { 'retention.ms': '1000', 'cleanup.policy': 'delete' } },
      { name: 'other', partitions: 4, configs: { 'retention.ms': '-1', 'cleanup.policy': 'delete' } },
    ]);
    expect(plan).toEqual([
      { kind: 'add-partitions', spec: events, from: 3 },
      { kind: 'alter-configs', spec: events, changes: { 'retention.ms': { from: '1000', to: '-1' } } },
      { kind: 'cannot-shrink', spec: expect.objectContaining({ name: 'other' }), existing: 4 },
    ]);
  });
});
