import { nextFireTimes } from '@conveyor/domain/schedules';

/** Fires looked at: a sub-minute pattern (6-field cron) repeats within every minute it fires in. */
const firesLooked = 60;

/**
 * The shortest gap between consecutive fires of `cron` in `timeZone` among the next {@link firesLooked}
 * after `from` (pure), in milliseconds; Infinity when it fires at most once. A 5-field expression fires
 * at most once a minute, so only 6-field ones (seconds first) are enumerated.
 */
export function shortestFireInterval(cron: string, timeZone: string, from: number): number {
  if (cron.trim().split(/\s+/).length < 6) return 60_000;
  const fires = nextFireTimes(cron, timeZone, from, firesLooked);
  let shortest = Infinity;
  for (let i = 1; i < fires.length; i++) shortest = Math.min(shortest, (fires[i] as number) - (fires[i - 1] as number));
  return shortest;
}
