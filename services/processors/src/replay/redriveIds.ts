import { deterministicUuid } from '@conveyor/runtime';

/**
 * The ids of a re-drive, derived from what identifies it (pure): the n-th re-drive of a dead letter
 * always gets the same JobRequeued event id, so a crash and a re-run republish the same event (the
 * projector keeps one) rather than a second re-drive. UUID version 5 layout over SHA-1.
 */
export function redriveEventId(deadLetterId: string, redriveCount: number): string {
  return deterministicUuid(`conveyor:redrive:${deadLetterId.toLowerCase()}:${redriveCount}`);
}
