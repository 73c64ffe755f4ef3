import { ValidationError } from '@conveyor/errors';
import { parseAddress, type EgressPolicy } from '@conveyor/job-types/egress';

/** Host names that always mean this machine, whatever a resolver would answer. */
const loopbackNames = new Set(['localhost', 'localhost.localdomain', 'ip6-localhost', 'ip6-loopback']);

const refuse = (message: string): never => {
  throw new ValidationError('invalid webhook subscription', [{ path: '/url', message }]);
};

/**
 * Checks a subscription's URL at creation (pure): http or https, no credentials, no fragment, and a
 * host the egress policy of the deliveries admits. An address literal is checked as it is; `localhost`
 * and `*.localhost` as the loopback address. Other host names are checked at every delivery, when the
 * egress guard sees the addresses they resolve to (they may change), exactly as for http.request.
 * Returns the URL normalised; throws a ValidationError on `/url`.
 */
export function checkWebhookUrl(text: string, policy: EgressPolicy): string {
  if (!URL.canParse(text)) return refuse('must be an absolute http(s) URL');
  const url = new URL(text);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') refuse('must be an http or https URL');
  if (url.username || url.password) refuse('must not carry credentials: deliveries are signed with the subscription secret');
  if (url.hash) refuse('must not carry a fragment');
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const address = loopbackNames.has(host) || host.endsWith('.localhost') ? '127.0.0.1' : parseAddress(host) ? host : null;
  if (address === null) return url.href; // a host name: its addresses are checked at every delivery
  const verdict = policy.check(host, address);
  if (!verdict.allowed) refuse(`${host} ${verdict.reason} (${verdict.code}): the egress settings of the deliveries refuse it`);
  return url.href;
}
