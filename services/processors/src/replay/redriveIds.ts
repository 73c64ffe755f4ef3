import { createHash } from 'node:crypto';

/**
 * The ids of a re-drive, derived from what identifies it (pure): the n-th re-drive of a dead letter
 * always gets the same JobRequeued event id, so a crash and a re-run republish the same event (the
 * projector keeps one) rather than a second re-drive. UUID version 5 layout over SHA-1.
 */
export function redriveEventId(deadLetterId: string, redriveCount: number): string {
  const b = createHash('sha1').update(`conveyor:redrive:${deadLetterId.toLowerCase()}:${redriveCount}`).digest().subarray(0, 16);
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x50;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
