import { rebuildTargets } from '@conveyor/read-model';
import { projectionRegistry } from './projections';

describe('rebuild targets', () => {
  it('the command API offers exactly what the projection registry can rebuild', () => {
    expect([...projectionRegistry.rebuildTargets].sort()).toEqual([...rebuildTargets].sort());
  });
});
