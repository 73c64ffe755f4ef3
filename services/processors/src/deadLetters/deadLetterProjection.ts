import type { DeadLetter, DeadLetterDiscarded, JobRequeued } from '@conveyor/events';

/** The `dead_letters` projection's name: the key of its offsets in projection_offsets. */
export const deadLetterProjectionName = 'dead_letters';

/** What one record means for the `dead_letters` read model (public). */
export type DeadLetterChange =
  | { kind: 'letter'; letter: DeadLetter }
  | { kind: 'discarded'; deadLetterId: string; jobId: string | null; by: string; at: number }
  | { kind: 'requeued'; deadLetterId: string; jobId: string; by: string; at: number; redriveCount: number };

/** A record of the dead-letter topic, or a JobRequeued of the job-events topic, as it reaches the projector. */
export type DeadLetterInput =
  | { type: 'DeadLetter'; data: DeadLetter }
  | { type: 'DeadLetterDiscarded'; data: DeadLetterDiscarded }
  | { type: 'JobRequeued'; data: JobRequeued };

/**
 * The change one input makes (pure). A letter fills the row's content; a discard and a requeue move its
 * status. Each is applied as an upsert, so inputs from the two topics may arrive in any order.
 */
export function deadLetterChange(input: DeadLetterInput): DeadLetterChange {
  switch (input.type) {
    case 'DeadLetter':
      return { kind: 'letter', letter: input.data };
    case 'DeadLetterDiscarded':
      return { kind: 'discarded', deadLetterId: input.data.deadLetterId, jobId: input.data.jobId, by: input.data.by, at: input.data.occurredAt };
    case 'JobRequeued':
      return {
        kind: 'requeued', deadLetterId: input.data.deadLetterId, jobId: input.data.meta.jobId, by: input.data.by,
        at: input.data.meta.occurredAt, redriveCount: input.data.redriveCount,
      };
    default: {
      const _exhaustive: never = input;
      return _exhaustive;
    }
  }
}
