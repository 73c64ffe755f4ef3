import { evolveSchedule, type ScheduleState } from '@conveyor/domain/schedules';
import type { ScheduleEvent } from '@conveyor/events';

/** The projection's name in projection_offsets. */
export const scheduleProjectionName = 'schedules';

/** The schedule events it handles: all of them. */
export const scheduleProjectionEvents = ['ScheduleCreated', 'ScheduleUpdated', 'SchedulePaused', 'ScheduleResumed', 'ScheduleDeleted'] as const;

/**
 * Folds a batch of schedule events into the current rows (pure): returns the rows that changed, keyed
 * by schedule id. A row is a {@link ScheduleState}: the domain's fold is the projection.
 */
export function foldSchedules(events: readonly ScheduleEvent[], rows: ReadonlyMap<string, ScheduleState>): Map<string, ScheduleState> {
  const changed = new Map<string, ScheduleState>();
  for (const event of events) {
    const id = event.data.meta.scheduleId;
    const before = changed.get(id) ?? rows.get(id) ?? null;
    const after = evolveSchedule(before, event);
    if (after && after !== before) changed.set(id, after);
  }
  return changed;
}
