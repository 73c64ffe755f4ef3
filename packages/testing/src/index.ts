export { waitFor } from './waitFor';
export { uniqueName, uniqueTopicPrefix } from './uniqueName';
export { stackEndpoints } from './stackEndpoints';

export type { StackEndpoints } from './stackEndpoints';
export { testApiKey, authHeaders } from './testApiKey';
