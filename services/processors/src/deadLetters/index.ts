export { startDeadLetterProjector } from './startDeadLetterProjector';
export { jobDeadLetter, poisonDeadLetter, publishPoison } from '@conveyor/worker/engine';
export { deadLetterChange, deadLetterProjectionName } from './deadLetterProjection';
export type { DeadLetterProjectorDeps } from './startDeadLetterProjector';
export type { Origin } from '@conveyor/worker/engine';
export type { DeadLetterChange, DeadLetterInput } from './deadLetterProjection';
