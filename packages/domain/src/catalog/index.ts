export { decideJobTypeRegistration, latestOf } from './decideJobTypeRegistration';
export { breakingChanges, sameSchema } from './payloadCompatibility';

export type { JobTypeRegistrationDecision, JobTypeVersion } from './decideJobTypeRegistration';
export type { JsonSchema } from './payloadCompatibility';
