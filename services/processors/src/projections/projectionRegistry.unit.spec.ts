import { deadLettersReadModel } from '../deadLetters/deadLettersReadModel';
import { identityReadModel } from '../identity/identityReadModel';
import { jobTypesReadModel } from '../jobTypes/jobTypesReadModel';
import { queueStatesReadModel } from '../queues/queueStatesReadModel';
import { schedulesReadModel } from '../scheduler/schedulesReadModel';
import { webhookDeliveriesReadModel } from '../webhooks/webhookDeliveriesReadModel';
import { webhookSubscriptionsReadModel } from '../webhooks/webhookSubscriptionsReadModel';
import { createProjectionRegistry, inDependencyOrder, projectionRegistry, projections } from './projections';

describe('the projection registry', () => {
  it('given the processors projections, then every name once and the job-events ones dependencies first', () => {
    expect(projectionRegistry.names).toEqual(['jobs', 'job_events', 'job_stats_minute', 'dead_letters', 'schedules', 'identity', 'job_types', 'queue_states', 'webhook_subscriptions', 'webhook_deliveries']);
    expect(projectionRegistry.jobEvents.map((p) => p.name)).toEqual(['job_events', 'jobs', 'job_stats_minute']);
    expect(projectionRegistry.rebuildTargets).toEqual(['all', 'jobs', 'job_events', 'job_stats_minute']);
  });

  it('given a duplicate name, when the registry is created, then it is refused', () => {
    expect(() => createProjectionRegistry({ jobEvents: projections, deadLetters: { ...deadLettersReadModel, name: 'jobs' }, schedules: schedulesReadModel, identity: identityReadModel, jobTypes: jobTypesReadModel, queueStates: queueStatesReadModel, webhookSubscriptions: webhookSubscriptionsReadModel, webhookDeliveries: webhookDeliveriesReadModel }))
      .toThrow('duplicate projection names: jobs');
  });

  it('given a dependency that is not registered, when ordered, then it is refused', () => {
    expect(() => inDependencyOrder([{ name: 'a', dependsOn: ['b'] }])).toThrow('projection a depends on b');
  });

  it('when rebuilding one projection, then it and its dependencies are projected, and only it is replaced', () => {
    const names = (target: string) => {
      const s = projectionRegistry.selectRebuild(target);
      return { project: s.project.map((p) => p.name), replace: s.replace.map((p) => p.name) };
    };
    expect(names('job_events')).toEqual({ project: ['job_events'], replace: ['job_events'] });
    expect(names('jobs')).toEqual({ project: ['job_events', 'jobs'], replace: ['jobs'] });
    expect(names('job_stats_minute')).toEqual({ project: ['job_events', 'jobs', 'job_stats_minute'], replace: ['job_stats_minute'] });
    expect(names('all').replace).toEqual(['job_events', 'jobs', 'job_stats_minute']);
    expect(() => projectionRegistry.selectRebuild('dead_letters')).toThrow(/cannot rebuild "dead_letters"/);
  });
});
