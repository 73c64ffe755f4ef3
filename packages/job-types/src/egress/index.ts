export { blockedRanges, classifyAddress, parseAddress, embeddedIPv4 } from './classifyAddress';
export { createEgressPolicy, parseEgressRule, parseEgressRules, egressDeniedCodes } from './egressPolicy';
export { createEgressFetch } from './createEgressFetch';
export { EgressDeniedError } from './EgressDeniedError';

export type { AddressCategory } from './classifyAddress';
export type { EgressPolicy, EgressSettings, EgressVerdict, EgressRule, EgressDeniedCode } from './egressPolicy';
export type { Resolve } from './createEgressFetch';
