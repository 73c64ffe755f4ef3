import type { PartitionKey } from '../projections/postgres/projectionOffsets';
import type { Projection } from '../projections/projection';
import { deadLetterChange, deadLetterProjectionName, type DeadLetterInput } from './deadLetterProjection';
import { applyDeadLetterChanges } from './postgres/deadLettersTable';

/** A partition batch of the dead-letter projector: its new letters, discards and requeues. */
export interface DeadLetterBatch {
  at: PartitionKey;
  events: ReadonlyArray<{ event: DeadLetterInput; offset: string }>;
}

/** The types it handles: letters and discards of the dead-letter topic, JobRequeued of job-events. */
export const deadLetterInputTypes = ['DeadLetter', 'DeadLetterDiscarded', 'JobRequeued'] as const satisfies ReadonlyArray<DeadLetterInput['type']>;

/** `dead_letters` (migration 008), from the dead-letter topic and the requeues of job-events (public). */
export const deadLettersReadModel: Projection<DeadLetterBatch> = {
  name: deadLetterProjectionName,
  topics: ['deadLetters', 'jobEvents'],
  tables: [{ table: 'dead_letters', key: 'id::text' }],
  dependsOn: [],
  handles: (eventType) => (deadLetterInputTypes as readonly string[]).includes(eventType),
  async apply(tx, batch) {
    await applyDeadLetterChanges(tx, batch.events.map((e) => deadLetterChange(e.event)));
  },
};
