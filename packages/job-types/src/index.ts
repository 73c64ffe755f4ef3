export { defineJobType } from './defineJobType';
export { abortableSleep } from './abortableSleep';
export { builtinJobTypes, createJobTypeRegistry } from './builtinJobTypes';
export { httpRequest, secretHeaders } from './builtins/httpRequest';
export { noop } from './builtins/noop';
export { sleep } from './builtins/sleep';
export { fail } from './builtins/fail';
export { statsReport } from './builtins/statsReport';
export { webhookDeliver } from './builtins/webhookDeliver';
export { signWebhook, webhookHeaders } from './builtins/webhookSignature';

export type { JobTypeDefinition, HandlerContext, HandlerLog, HandlerPorts, JobLogLevel } from './defineJobType';
export type { JobTypeRegistry } from './builtinJobTypes';
