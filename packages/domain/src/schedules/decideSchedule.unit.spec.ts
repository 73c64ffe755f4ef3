import { ConflictError, NotFoundError } from '@conveyor/errors';
import type { ScheduleEvent } from '@conveyor/events';
import { createSchedule, decideSchedule, type CreateSchedule, type ScheduleCommand } from './decideSchedule';
import { fireSchedule } from './fireSchedule';
import { evolveSchedule, type ScheduleDefinition, type ScheduleState } from './scheduleState';

const meta = (now: number) => ({ eventId: `e${now}`, now, actor: 'test', traceparent: null, tracestate: null });
const definition: ScheduleDefinition = {
  name: 'nightly report', cron: '0 2 * * *', timeZone: 'Europe/Paris', catchUp: 'latest', maxCatchUp: 10,
  jobTemplate: { type: 'noop', payload: { a: 1 }, priority: 'normal', maxAttempts: 3, timeoutMs: null, concurrencyKey: null, backoff: { kind: 'fixed', delayMs: 100, maxDelayMs: 100 } },
};
const create: CreateSchedule = { type: 'CreateSchedule', scheduleId: 's1', meta: meta(1000), data: definition };
const fold = (events: ScheduleEvent[]) => events.reduce<ScheduleState | null>((st, e) => evolveSchedule(st, e), null);
/** given events, when a command, then: the state after the new events. */
const given = (events: ScheduleEvent[]) => ({
  when: (command: ScheduleCommand) => {
    const produced = decideSchedule(command, fold(events));
    return { events: produced, state: fold([...events, ...produced]) };
  },
});
const cmd = <T extends ScheduleCommand['type']>(type: T, now: number) => ({ type, scheduleId: 's1', meta: meta(now) }) as Extract<ScheduleCommand, { type: T }>;

describe('schedule decider', () => {
  const created = createSchedule(create, null);

  it('given nothing, when CreateSchedule, then ScheduleCreated with the template as JSON, active from now', () => {
    expect(created).toEqual([{
      type: 'ScheduleCreated',
      data: {
        meta: { eventId: 'e1000', scheduleId: 's1', occurredAt: 1000, actor: 'test', traceparent: null, tracestate: null },
        name: 'nightly report', cron: '0 2 * * *', timeZone: 'Europe/Paris', catchUp: 'latest', maxCatchUp: 10,
        jobTemplateJson: JSON.stringify(definition.jobTemplate),
      },
    }]);
    expect(fold(created)).toMatchObject({ status: 'active', activeSince: 1000, createdAt: 1000, version: 1, jobTemplate: definition.jobTemplate });
  });

  it('given a schedule, when CreateSchedule again, then nothing', () => {
    expect(given(created).when(create).events).toEqual([]);
  });

  it('pause then resume: resumed schedules are active from the resume (no catch-up of the pause)', () => {
    const paused = given(created).when(cmd('PauseSchedule', 2000));
    expect(paused.state).toMatchObject({ status: 'paused', activeSince: 1000, version: 2 });
    const resumed = given([...created, ...paused.events]).when(cmd('ResumeSchedule', 3000));
    expect(resumed.state).toMatchObject({ status: 'active', activeSince: 3000, version: 3, updatedAt: 3000 });
  });

  it('pausing a paused schedule or resuming an active one is a Conflict', () => {
    expect(() => given(created).when(cmd('ResumeSchedule', 2000))).toThrow(ConflictError);
    const paused = given(created).when(cmd('PauseSchedule', 2000)).events;
    expect(() => given([...created, ...paused]).when(cmd('PauseSchedule', 3000))).toThrow(ConflictError);
  });

  it('an unknown or deleted schedule is NotFound for every command but create', () => {
    const deleted = [...created, ...given(created).when(cmd('DeleteSchedule', 2000)).events];
    expect(fold(deleted)?.status).toBe('deleted');
    for (const history of [[], deleted]) {
      for (const type of ['PauseSchedule', 'ResumeSchedule', 'DeleteSchedule'] as const) {
        expect(() => given(history).when(cmd(type, 5000))).toThrow(NotFoundError);
      }
      expect(() => given(history).when({ type: 'UpdateSchedule', scheduleId: 's1', meta: meta(5000), data: definition })).toThrow(NotFoundError);
    }
  });

  it('update replaces the definition, keeps the paused state, and restarts catch-up only when the timing changes', () => {
    const paused = [...created, ...given(created).when(cmd('PauseSchedule', 2000)).events];
    const renamed = given(paused).when({ type: 'UpdateSchedule', scheduleId: 's1', meta: meta(3000), data: { ...definition, name: 'renamed' } });
    expect(renamed.state).toMatchObject({ name: 'renamed', status: 'paused', activeSince: 1000 });
    const retimed = given(created).when({ type: 'UpdateSchedule', scheduleId: 's1', meta: meta(4000), data: { ...definition, cron: '0 3 * * *' } });
    expect(retimed.state).toMatchObject({ cron: '0 3 * * *', status: 'active', activeSince: 4000, version: 2 });
  });

  it('evolve ignores events of unknown schedules and anything after deletion', () => {
    const paused = given(created).when(cmd('PauseSchedule', 2000)).events;
    expect(fold(paused)).toBeNull();
    const deleted = [...created, ...given(created).when(cmd('DeleteSchedule', 2000)).events];
    expect(evolveSchedule(fold(deleted), paused[0] as ScheduleEvent)).toMatchObject({ status: 'deleted', version: 2 });
  });
});

describe('fireSchedule', () => {
  it('submits the template as a job of the schedule, with the given ids', () => {
    const [event] = fireSchedule({ scheduleId: 's1', jobId: 'j1', jobTemplate: definition.jobTemplate }, { ...meta(5000), actor: 'scheduler' });
    expect(event).toMatchObject({
      type: 'JobSubmitted',
      data: { meta: { jobId: 'j1', eventId: 'e5000', actor: 'scheduler' }, type: 'noop', payloadJson: '{"a":1}', scheduleId: 's1', runAt: null, idempotencyKey: null },
    });
  });
});
