/**
 * The local stack (Kafka in KRaft mode, Apicurio Registry on PostgreSQL) as a programmatic API,
 * for jest's globalSetup, `npm start` and the `npm run stack` CLI.
 */
export { stackUp } from './stackUp';
export { stackDown } from './stackDown';
export { stackStatus } from './stackStatus';
export { resetPlan, stackReset } from './stackReset';
export { statusTable } from './statusTable';
export { requireStack } from './requireStack';
export { loadConfig, StackConfigError } from './config';
export { StackError } from './StackError';
export { COMPONENT_NAMES } from './Component';

export type { ComponentName } from './Component';
export type { StackConfig } from './config';
export type { ComponentStart, StackUpOptions, StackUpResult } from './stackUp';
export type { ComponentStop, StackDownOptions } from './stackDown';
export type { StackResetOptions } from './stackReset';
export type { StackTargets } from './requireStack';
export type { ComponentStatus, StackEndpoints, StackOptions, StackStatus } from './stackStatus';
