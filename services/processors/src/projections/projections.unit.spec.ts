import { projectionNames, projections } from './projections';

describe('projections', () => {
  it('lists each projection once', () => {
    expect(projectionNames()).toEqual(['jobs', 'job_events', 'job_stats_minute']);
  });

  it('refuses duplicate names', () => {
    expect(() => projectionNames([...projections, { name: 'jobs', handles: [] }])).toThrow('duplicate projection names: jobs');
  });
});
