import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { Agent, buildConnector, fetch as undiciFetch } from 'undici';
import { parseAddress } from './classifyAddress';
import { EgressDeniedError } from './EgressDeniedError';
import type { EgressPolicy } from './egressPolicy';

/** Resolves a host name to every address it has (`dns.lookup` with `all`, as Node's own connect does). */
export type Resolve = (hostname: string, family: number) => Promise<LookupAddress[]>;

const systemResolve: Resolve = (hostname, family) => new Promise((resolve, reject) => {
  dnsLookup(hostname, { all: true, family }, (err, addresses) => (err ? reject(err) : resolve(addresses)));
});

function refuseUnlessAllowed(policy: EgressPolicy, host: string, address: string): void {
  const verdict = policy.check(host, address);
  if (!verdict.allowed) throw new EgressDeniedError(host, address, verdict.code, verdict.reason);
}

/**
 * The socket's `lookup`: resolves the name, refuses the connection when any address it resolved to
 * is refused (a name with one public and one private answer is refused whole, so a rebinding DNS
 * server gains nothing), and hands exactly the checked addresses to the connect that follows.
 */
function guardedLookup(policy: EgressPolicy, resolve: Resolve): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : Number(options.family ?? 0))
      .then((addresses) => {
        if (addresses.length === 0) throw Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' });
        for (const a of addresses) refuseUnlessAllowed(policy, hostname, a.address);
        if (options.all) (callback as (err: null, addresses: LookupAddress[]) => void)(null, addresses);
        else callback(null, addresses[0]!.address, addresses[0]!.family);
      })
      .catch((err: NodeJS.ErrnoException) => callback(err, '', 0));
  };
}

/**
 * A `fetch` that connects only where the egress policy allows: every connection (each redirect hop,
 * each new pooled socket) is checked at connect time, against the addresses the name resolved to
 * (checked in the socket's lookup, so what is checked is what is connected to) or the address literal;
 * the connected socket's remote address is checked once more. A refused connection rejects with a
 * TypeError whose cause is an {@link EgressDeniedError}.
 *
 * @param options.resolve host name resolution (tests map names to chosen addresses); `dns.lookup` by default.
 */
export function createEgressFetch(policy: EgressPolicy, options: { resolve?: Resolve } = {}): typeof fetch {
  const connect = buildConnector({ lookup: guardedLookup(policy, options.resolve ?? systemResolve) });
  const agent = new Agent({
    connect(opts, callback) {
      const literal = parseAddress(opts.hostname);
      try {
        if (literal) refuseUnlessAllowed(policy, opts.hostname, literal.toString());
      } catch (err) {
        callback(err as Error, null);
        return;
      }
      connect(opts, (err, socket) => {
        if (err || !socket) return callback(err ?? new Error('no socket'), null);
        try {
          if (socket.remoteAddress) refuseUnlessAllowed(policy, opts.hostname, socket.remoteAddress);
        } catch (refused) {
          socket.destroy();
          return callback(refused as Error, null);
        }
        return callback(null, socket);
      });
    },
  });
  return ((input: Parameters<typeof undiciFetch>[0], init?: Parameters<typeof undiciFetch>[1]) =>
    undiciFetch(input, { ...init, dispatcher: agent })) as unknown as typeof fetch;
}
