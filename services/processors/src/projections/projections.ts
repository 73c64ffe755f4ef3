import { deadLettersReadModel, type DeadLetterBatch } from '../deadLetters/deadLettersReadModel';
import { identityReadModel, type IdentityBatch } from '../identity/identityReadModel';
import { jobTypesReadModel, type CatalogBatch } from '../jobTypes/jobTypesReadModel';
import { queueStatesReadModel, type QueueStateBatch } from '../queues/queueStatesReadModel';
import { schedulesReadModel, type ScheduleBatch } from '../scheduler/schedulesReadModel';
import { webhookDeliveriesReadModel, type WebhookDeliveryBatch } from '../webhooks/webhookDeliveriesReadModel';
import { webhookSubscriptionsReadModel, type WebhookSubscriptionBatch } from '../webhooks/webhookSubscriptionsReadModel';
import { jobsReadModel, jobStatsReadModel, timelineReadModel } from './jobEventProjections';
import type { JobEventBatch, Projection } from './projection';

/** The job-events projections the projector writes, in one transaction per partition batch (public). */
export const projections: ReadonlyArray<Projection<JobEventBatch>> = [jobsReadModel, timelineReadModel, jobStatsReadModel];

/** Every projection of the processors (public). */
export type RegisteredProjection = Projection<JobEventBatch> | Projection<DeadLetterBatch> | Projection<ScheduleBatch> | Projection<IdentityBatch> | Projection<CatalogBatch> | Projection<QueueStateBatch>
  | Projection<WebhookSubscriptionBatch> | Projection<WebhookDeliveryBatch>;

/** Returns the projection names, refusing duplicates (two projections sharing offsets would skip events). */
export function projectionNames<P extends { name: string }>(list?: readonly P[]): string[] {
  const names = (list ?? projections).map((p) => p.name);
  const duplicates = names.filter((n, i) => names.indexOf(n) !== i);
  if (duplicates.length) throw new Error(`duplicate projection names: ${[...new Set(duplicates)].join(', ')}`);
  return names;
}

/** Orders projections so that each comes after those it depends on (stable otherwise); throws on a cycle. */
export function inDependencyOrder<P extends { name: string; dependsOn: readonly string[] }>(list: readonly P[]): P[] {
  const byName = new Map(list.map((p) => [p.name, p]));
  const out: P[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (p: P) => {
    if (state.get(p.name) === 'done') return;
    if (state.get(p.name) === 'visiting') throw new Error(`projection ${p.name} depends on itself`);
    state.set(p.name, 'visiting');
    for (const d of p.dependsOn) {
      const dep = byName.get(d);
      if (!dep) throw new Error(`projection ${p.name} depends on ${d}, which is not one of ${[...byName.keys()].join(', ')}`);
      visit(dep);
    }
    state.set(p.name, 'done');
    out.push(p);
  };
  list.forEach(visit);
  return out;
}

/** What a rebuild of one target projects into its shadow, and what it swaps into the live schema. */
export interface RebuildSelection {
  /** The targets and the projections they depend on, in apply order. */
  project: Array<Projection<JobEventBatch>>;
  /** The targets: only their tables are verified and swapped, only their offsets moved. */
  replace: Array<Projection<JobEventBatch>>;
}

/**
 * The registry of every projection (public): names are checked once (duplicates and unknown dependencies
 * are refused when it is created, at start), and the projector, the rebuild, the as-of snapshots and the
 * offsets all take their projections from it.
 */
export function createProjectionRegistry(groups: {
  jobEvents: ReadonlyArray<Projection<JobEventBatch>>;
  deadLetters: Projection<DeadLetterBatch>;
  schedules: Projection<ScheduleBatch>;
  identity: Projection<IdentityBatch>;
  jobTypes: Projection<CatalogBatch>;
  /** Whether each queue is paused, from the admin log's queue events. */
  queueStates: Projection<QueueStateBatch>;
  /** Webhooks: subscriptions from the admin log, the delivery history from the delivery jobs' events (own consumer groups). */
  webhookSubscriptions: Projection<WebhookSubscriptionBatch>;
  webhookDeliveries: Projection<WebhookDeliveryBatch>;
}) {
  const all: readonly RegisteredProjection[] = [...groups.jobEvents, groups.deadLetters, groups.schedules, groups.identity, groups.jobTypes, groups.queueStates, groups.webhookSubscriptions, groups.webhookDeliveries];
  const names = projectionNames(all);
  const jobEvents = inDependencyOrder(groups.jobEvents);
  /** The projections `rebuild` can name (those projected from the job-events topic), or `all`. */
  const rebuildTargets = ['all', ...groups.jobEvents.map((p) => p.name)];
  return {
    names,
    /** The job-events projections in apply order (dependencies first). */
    jobEvents,
    deadLetters: groups.deadLetters,
    schedules: groups.schedules,
    identity: groups.identity,
    jobTypes: groups.jobTypes,
    queueStates: groups.queueStates,
    webhookSubscriptions: groups.webhookSubscriptions,
    webhookDeliveries: groups.webhookDeliveries,
    rebuildTargets,
    /** What `rebuild <target>` projects and replaces; throws for a name that is not a target. */
    selectRebuild(target: string): RebuildSelection {
      if (target === 'all') return { project: jobEvents, replace: jobEvents };
      const chosen = jobEvents.find((p) => p.name === target);
      if (!chosen) throw new Error(`cannot rebuild ${JSON.stringify(target)}: one of ${rebuildTargets.join(', ')}`);
      const needed = new Set<string>();
      const add = (name: string) => {
        if (needed.has(name)) return;
        needed.add(name);
        for (const d of jobEvents.find((p) => p.name === name)?.dependsOn ?? []) add(d);
      };
      add(chosen.name);
      return { project: jobEvents.filter((p) => needed.has(p.name)), replace: [chosen] };
    },
  };
}

export type ProjectionRegistry = ReturnType<typeof createProjectionRegistry>;

/** The processors' projections, checked when this module loads (public). */
export const projectionRegistry: ProjectionRegistry = createProjectionRegistry({
  jobEvents: projections, deadLetters: deadLettersReadModel, schedules: schedulesReadModel, identity: identityReadModel, jobTypes: jobTypesReadModel, queueStates: queueStatesReadModel,
  webhookSubscriptions: webhookSubscriptionsReadModel, webhookDeliveries: webhookDeliveriesReadModel,
});
