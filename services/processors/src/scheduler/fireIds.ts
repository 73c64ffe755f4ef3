import { uuidv5 } from '@conveyor/runtime';

/**
 * The job id and JobSubmitted event id of one fire (pure), derived from the schedule id and the fire
 * time: a fire published twice (the scheduler crashed between publishing and recording it) is the same
 * job and the same event, which the projector, job_events and the executor claims deduplicate. Names are
 * `conveyor:schedule:<id>:<fire time ISO>` URNs in the RFC 4122 URL namespace (uuidv5's default).
 */
export function fireIds(scheduleId: string, fireAt: number): { jobId: string; eventId: string } {
  const name = `conveyor:schedule:${scheduleId}:${new Date(fireAt).toISOString()}`;
  return { jobId: uuidv5(`${name}:job`), eventId: uuidv5(`${name}:JobSubmitted`) };
}
