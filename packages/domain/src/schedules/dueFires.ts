import type { CatchUpPolicy } from '@conveyor/events';
import { previousFireTimes } from './cronSchedule';

/** What dueFires needs of a schedule. */
export interface FiringSchedule {
  cron: string;
  timeZone: string;
  catchUp: CatchUpPolicy;
  maxCatchUp: number;
  /** Fires before this instant are never due (epoch milliseconds). */
  activeSince: number;
}

export interface DuePolicy {
  /**
   * A fire at most this old (in milliseconds) is on time, not missed: every policy fires it. It covers
   * the scheduler's tick and its own delays; fires older than that were missed (no scheduler ran).
   */
  graceMs: number;
}

/**
 * The fire times to submit now, ascending (pure). Due are the fire times after both `lastFiredAt` (the
 * newest fire already recorded, exclusive) and `schedule.activeSince`, up to `now` (inclusive). On-time
 * fires (within `graceMs` of now) always fire; of the missed ones, `skip` fires none, `latest` the most
 * recent one, `all` the most recent `maxCatchUp` ones (older ones are dropped).
 */
export function dueFires(schedule: FiringSchedule, lastFiredAt: number | null, now: number, policy: DuePolicy): number[] {
  const after = Math.max(lastFiredAt ?? Number.NEGATIVE_INFINITY, schedule.activeSince - 1);
  if (now <= after) return [];
  const onTimeSince = now - policy.graceMs;
  const missedAllowed = schedule.catchUp === 'skip' ? 0 : schedule.catchUp === 'latest' ? 1 : Math.max(0, schedule.maxCatchUp);
  let missed = 0;
  const fires = previousFireTimes(schedule.cron, schedule.timeZone, now, (t) => {
    if (t <= after) return false;
    if (t >= onTimeSince) return true;
    return missed++ < missedAllowed;
  });
  return fires.reverse();
}
