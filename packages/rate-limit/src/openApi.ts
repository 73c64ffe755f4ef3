import { problem } from '@conveyor/runtime';
import type { PolicyName } from './policies';

const header = (description: string) => ({ description, schema: { type: 'string' } });

/** The headers of a rate-limited answer, as OpenAPI header objects (draft-ietf-httpapi-ratelimit-headers). */
export const rateLimitHeaderDocs = {
  'RateLimit-Policy': header('The policy applied: `"<policy>";q=<burst>;w=<seconds to refill>`.'),
  RateLimit: header('What is left: `"<policy>";r=<tokens remaining>;t=<seconds until full>`.'),
};

/** The 429 answer of an operation charged to `policy` (public), for the OpenAPI documents. */
export function rateLimitedResponse(policy: PolicyName, cost = 'one token') {
  return {
    429: {
      ...problem(`The principal's \`${policy}\` rate limit is used up (RATE_LIMITED; this request costs ${cost}). Retry after \`Retry-After\` seconds.`),
      headers: { 'Retry-After': { description: 'Seconds until the request would be admitted.', schema: { type: 'integer' } }, ...rateLimitHeaderDocs },
    },
  };
}
