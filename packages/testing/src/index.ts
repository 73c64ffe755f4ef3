export { waitFor } from './waitFor';
export { readTopicToEnd } from './readTopicToEnd';
export { uniqueName, uniqueTopicPrefix } from './uniqueName';
export { stackEndpoints } from './stackEndpoints';
export { openFrom, requestFrom, uniqueLoopbackAddress } from './requestFrom';
export { insertApiKey } from './insertApiKey';
export { testSecretsEnv } from './testSecretsEnv';

export type { StackEndpoints } from './stackEndpoints';
export type { ReadRecord } from './readTopicToEnd';
export type { FromAnswer } from './requestFrom';
export { testApiKey, authHeaders } from './testApiKey';
