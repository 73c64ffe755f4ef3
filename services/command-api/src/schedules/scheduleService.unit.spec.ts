import { ConflictError, NotFoundError } from '@conveyor/errors';
import { evolveSchedule, type ScheduleState } from '@conveyor/domain/schedules';
import type { ScheduleEvent } from '@conveyor/events';
import { createJobTypeRegistry } from '@conveyor/job-types';
import { createOwnWrites } from '../positions/createOwnWrites';
import { createScheduleService } from './scheduleService';

/**
 * An in-memory log and read model: the projection applies each published event at once, or later when
 * `lagging`; each event's position is its index in the log, passed once applied.
 */
function harness(options: { lagging?: boolean } = {}) {
  const log: ScheduleEvent[] = [];
  const states = new Map<string, ScheduleState>();
  let applied = 0;
  const apply = (e: ScheduleEvent) => {
    const next = evolveSchedule(states.get(e.data.meta.scheduleId) ?? null, e);
    if (next) states.set(next.scheduleId, next);
    applied += 1;
  };
  let id = 0;
  const ownWrites = createOwnWrites({
    progress: { passed: async (_projection, positions) => positions.every((p) => Number(p.offset) < applied) },
    maxWaitMs: 300, pollMs: 5,
  });
  const service = createScheduleService({
    publishAdminEvents: async (events) => {
      const first = log.length;
      log.push(...events);
      if (options.lagging) setTimeout(() => events.forEach(apply), 50);
      else events.forEach(apply);
      return events.map((_, i) => ({ topic: 'conveyor.admin-events', partition: 0, offset: String(first + i) }));
    },
    states: { load: async (scheduleId) => states.get(scheduleId) ?? null },
    jobTypes: createJobTypeRegistry(),
    now: () => Date.parse('2025-01-01T00:00:00Z'),
    newId: () => `00000000-0000-4000-8000-${String(++id).padStart(12, '0')}`,
    ownWrites,
  });
  return { log, service };
}

const body = { name: 'n', cron: '0 * * * *', jobTemplate: { type: 'noop', payload: {} } };

describe('schedule service', () => {
  it('create answers the schedule with its next fire times and publishes ScheduleCreated', async () => {
    const { log, service } = harness();
    const created = await service.create(body, 'alice');
    expect(created).toMatchObject({ scheduleId: expect.any(String), paused: false, nextFireTimes: ['2025-01-01T01:00:00.000Z', '2025-01-01T02:00:00.000Z', expect.any(String), expect.any(String), expect.any(String)] });
    expect(log.map((e) => e.type)).toEqual(['ScheduleCreated']);
    expect(log[0]?.data.meta).toMatchObject({ actor: 'alice', scheduleId: created.scheduleId });
  });

  it('pause, pause again (409), resume, update keeps paused state, delete, then 404', async () => {
    const { log, service } = harness();
    const { scheduleId } = await service.create(body, 'a');
    await service.pause(scheduleId, 'a');
    await expect(service.pause(scheduleId, 'a')).rejects.toBeInstanceOf(ConflictError);
    expect((await service.update(scheduleId, { ...body, name: 'm' }, 'a')).paused).toBe(true);
    await service.resume(scheduleId, 'a');
    await service.delete(scheduleId, 'a');
    await expect(service.delete(scheduleId, 'a')).rejects.toBeInstanceOf(NotFoundError);
    expect(log.map((e) => e.type)).toEqual(['ScheduleCreated', 'SchedulePaused', 'ScheduleUpdated', 'ScheduleResumed', 'ScheduleDeleted']);
  });

  it('waits for a lagging read model before answering 404 or 409', async () => {
    const { log, service } = harness({ lagging: true });
    const { scheduleId } = await service.create(body, 'a');
    await service.pause(scheduleId, 'a'); // the creation is not projected yet
    await service.resume(scheduleId, 'a'); // nor the pause
    expect(log.map((e) => e.type)).toEqual(['ScheduleCreated', 'SchedulePaused', 'ScheduleResumed']);
    await expect(service.pause('00000000-0000-4000-8000-999999999999', 'a')).rejects.toBeInstanceOf(NotFoundError);
  });
});
