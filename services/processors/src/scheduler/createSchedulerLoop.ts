import { dueFires, fireSchedule, nextFireTimes } from '@conveyor/domain/schedules';
import { jobEventToMessage } from '@conveyor/events';
import type { BatchingPublisher, EventSerde, OutgoingMessage } from '@conveyor/kafka';
import type { Logger, Metrics, Pool } from '@conveyor/runtime';
import { Counter, Gauge, Histogram } from 'prom-client';
import { createLeaderLock } from './createLeaderLock';
import { fireIds } from './fireIds';
import { loadActiveSchedules, recordFires, type ActiveSchedule, type FireRecord } from './scheduleRunsTable';

/** Defaults of the scheduler loop, in milliseconds. */
export const schedulerDefaults = {
  /** Longest pause between two looks at the schedules (new and changed schedules show up within it). */
  tickMs: 500,
  /** A fire at most this old is on time; older ones were missed and follow the catch-up policy. */
  graceMs: 1000,
  /** Pause between a standby's attempts to become leader. */
  standbyRetryMs: 2000,
};

export interface SchedulerLoopDeps {
  pool: Pool;
  /** Serde of the job-events topic (registerAll already called). */
  jobSerde: Pick<EventSerde, 'encode'>;
  publisher: Pick<BatchingPublisher, 'publish'>;
  topics: { jobEvents: string; adminEvents: string };
  logger: Logger;
  metrics: Metrics;
  /** The clock, in epoch milliseconds; default Date.now. */
  now?: () => number;
  tickMs?: number;
  graceMs?: number;
  standbyRetryMs?: number;
}

const metric = <T>(metrics: Metrics, name: string, make: () => T): T => (metrics.registry.getSingleMetric(name) as T | undefined) ?? make();

/**
 * The scheduler loop (internal): on the replica that holds the scheduler lock, looks at the active
 * schedules of its admin topic at least every `tickMs` (and right when the next fire is due), publishes
 * one JobSubmitted per due fire with ids derived from the schedule and the fire time, and only then records
 * the fires (schedule_runs, last_fired_at). A crash in between republishes the same ids: no fire is lost,
 * and none is doubled, since every consumer deduplicates them.
 */
export function createSchedulerLoop(deps: SchedulerLoopDeps) {
  const now = deps.now ?? Date.now;
  const tickMs = deps.tickMs ?? schedulerDefaults.tickMs;
  const graceMs = deps.graceMs ?? schedulerDefaults.graceMs;
  const log = deps.logger.child({ component: 'scheduler' });
  const registers = [deps.metrics.registry];
  const fired = metric(deps.metrics, 'conveyor_schedule_fires_total', () => new Counter({ name: 'conveyor_schedule_fires_total', help: 'Schedule fires published, on time or caught up', labelNames: ['kind'], registers }));
  const delay = metric(deps.metrics, 'conveyor_schedule_fire_delay_seconds', () => new Histogram({
    name: 'conveyor_schedule_fire_delay_seconds', help: 'From an on-time fire time to the acknowledgement of its JobSubmitted', registers,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  }));
  const leading = metric(deps.metrics, 'conveyor_scheduler_leader', () => new Gauge({ name: 'conveyor_scheduler_leader', help: '1 on the replica that fires schedules', registers }));
  const lock = createLeaderLock({
    pool: deps.pool, key: deps.topics.adminEvents, logger: deps.logger, retryMs: deps.standbyRetryMs ?? schedulerDefaults.standbyRetryMs,
    onChange: (leader) => leading.set(leader ? 1 : 0),
  });

  // The queue of each fired job's type, from the job-type catalog (the latest version's); `default` for a type it lacks.
  const queuesOf = async (types: string[]): Promise<Map<string, string>> => {
    const { rows } = await deps.pool.query<{ type: string; queue: string }>(
      'select distinct on (type) type, queue from job_types where admin_topic = $1 and type = any($2) order by type, version desc', [deps.topics.adminEvents, types],
    );
    return new Map(rows.map((r) => [r.type, r.queue]));
  };

  const publish = async (schedules: ReadonlyArray<{ schedule: ActiveSchedule; fireAt: number }>, at: number): Promise<FireRecord[]> => {
    const records: FireRecord[] = [];
    const messages: OutgoingMessage[] = [];
    const queues = await queuesOf([...new Set(schedules.map(({ schedule }) => schedule.jobTemplate.type))]);
    for (const { schedule, fireAt } of schedules) {
      const { jobId, eventId } = fireIds(schedule.scheduleId, fireAt);
      try {
        const queue = queues.get(schedule.jobTemplate.type);
        for (const event of fireSchedule({ scheduleId: schedule.scheduleId, jobId, jobTemplate: schedule.jobTemplate, ...(queue ? { queue } : {}) }, { eventId, now: at, actor: 'scheduler', traceparent: null, tracestate: null })) {
          messages.push({ topic: deps.topics.jobEvents, message: jobEventToMessage(event, await deps.jobSerde.encode(event.type, event.data)) });
        }
        records.push({ scheduleId: schedule.scheduleId, fireAt, jobId });
      } catch (err) {
        // A template the job schema refuses (edited by hand?) must not stop the other schedules.
        log.error({ err, scheduleId: schedule.scheduleId, fireAt: new Date(fireAt).toISOString() }, 'schedule fire could not be encoded');
      }
    }
    await deps.publisher.publish(messages);
    return records;
  };

  /** Runs a query on the lock connection; a failure there gives leadership up (the lock may be gone with it). */
  const onLockConnection = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (err) {
      lock.lose(err);
      throw err;
    }
  };

  /** One look at the schedules; returns how long to wait before the next, in milliseconds. */
  const tick = async (): Promise<number> => {
    const client = await lock.acquire();
    if (!client) return tickMs;
    const at = now();
    const schedules = await onLockConnection(() => loadActiveSchedules(client, deps.topics.adminEvents));
    const due: Array<{ schedule: ActiveSchedule; fireAt: number }> = [];
    let next = at + tickMs;
    for (const schedule of schedules) {
      try {
        for (const fireAt of dueFires(schedule, schedule.lastFiredAt, at, { graceMs })) due.push({ schedule, fireAt });
        next = Math.min(next, nextFireTimes(schedule.cron, schedule.timeZone, at, 1)[0] ?? next);
      } catch (err) {
        log.error({ err, scheduleId: schedule.scheduleId }, 'schedule cannot be evaluated');
      }
    }
    if (due.length) {
      // Publish first, record after the acknowledgement: a crash in between republishes the same ids.
      const records = await publish(due, at);
      const ackedAt = now();
      await onLockConnection(() => recordFires(client, records, ackedAt));
      for (const r of records) {
        const onTime = r.fireAt >= at - graceMs;
        fired.inc({ kind: onTime ? 'on_time' : 'caught_up' });
        if (onTime) delay.observe(Math.max(0, ackedAt - r.fireAt) / 1000);
      }
      log.debug({ fires: records.length }, 'schedules fired');
    }
    return Math.max(0, next - now());
  };

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;
  const schedule = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick().then(schedule, (err: unknown) => {
        log.error({ err }, 'scheduler tick failed');
        schedule(tickMs);
      }).finally(() => (running = undefined));
    }, ms);
  };

  return {
    start(): void {
      schedule(0);
    },
    /** Stops after the tick in progress (its fires are published and recorded), then gives the lock up. */
    async stop(): Promise<void> {
      stopped = true;
      clearTimeout(timer);
      await running;
      await lock.release();
    },
    get isLeader(): boolean {
      return lock.isLeader;
    },
  };
}

export type SchedulerLoop = ReturnType<typeof createSchedulerLoop>;
