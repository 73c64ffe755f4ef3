export { waitFor } from './waitFor';
export { uniqueName, uniqueTopicPrefix } from './uniqueName';
export { stackEndpoints } from './stackEndpoints';
export { startInProcessPlatform } from './startPlatform';

export type { StackEndpoints } from './stackEndpoints';
export type { InProcessPlatform } from './startPlatform';
