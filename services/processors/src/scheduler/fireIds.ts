import { createHash } from 'node:crypto';

/** RFC 4122 URL namespace: names below are `conveyor:schedule:<id>:<fire time ISO>` style URNs. */
const namespace = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';

/**
 * A name-based UUID, version 5 (SHA-1), as RFC 9562 §5.5 defines it (pure): the same namespace and
 * name always give the same UUID.
 */
export function uuidv5(name: string, ns: string = namespace): string {
  const hash = createHash('sha1').update(Buffer.from(ns.replace(/-/g, ''), 'hex')).update(name, 'utf8').digest();
  hash[6] = ((hash[6] as number) & 0x0f) | 0x50;
  hash[8] = ((hash[8] as number) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The job id and JobSubmitted event id of one fire (pure), derived from the schedule id and the fire
 * time: a fire published twice (the scheduler crashed between publishing and recording it) is the same
 * job and the same event, which the projector, job_events and the executor claims deduplicate.
 */
export function fireIds(scheduleId: string, fireAt: number): { jobId: string; eventId: string } {
  const name = `conveyor:schedule:${scheduleId}:${new Date(fireAt).toISOString()}`;
  return { jobId: uuidv5(`${name}:job`), eventId: uuidv5(`${name}:JobSubmitted`) };
}
