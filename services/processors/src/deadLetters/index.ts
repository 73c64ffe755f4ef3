export { startDeadLetterProjector } from './startDeadLetterProjector';
export { jobDeadLetter, poisonDeadLetter, publishPoison } from './deadLetterRecords';
export { deadLetterChange, deadLetterProjectionName } from './deadLetterProjection';
export type { DeadLetterProjectorDeps } from './startDeadLetterProjector';
export type { Origin } from './deadLetterRecords';
export type { DeadLetterChange, DeadLetterInput } from './deadLetterProjection';
