export { waitFor } from './waitFor';
export { uniqueName, uniqueTopicPrefix } from './uniqueName';
export { stackEndpoints } from './stackEndpoints';
export { testSecretsEnv } from './testSecretsEnv';

export type { StackEndpoints } from './stackEndpoints';
export { testApiKey, authHeaders } from './testApiKey';
