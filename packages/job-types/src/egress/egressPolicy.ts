import ipaddr from 'ipaddr.js';
import { canonicalAddress, classifyAddress, parseAddress, type AddressCategory } from './classifyAddress';

/** The operator's egress settings (processors' EGRESS_* configuration). */
export interface EgressSettings {
  /** CIDRs, addresses and host names (`hooks.example.com`, `*.example.com`) always refused. */
  deny?: readonly string[];
  /** CIDRs, addresses and host names reached even in a refused range. */
  allow?: readonly string[];
  /** Only targets on `allow` are reached. */
  allowlistOnly?: boolean;
  /** Loopback addresses (127.0.0.0/8, ::1) are reached: local development and tests only. */
  allowLoopback?: boolean;
  /** Private addresses (10/8, 172.16/12, 192.168/16, fc00::/7) are reached. */
  allowPrivate?: boolean;
}

/** Error codes of a refused target, by reason. */
export const egressDeniedCodes = {
  denylist: 'EGRESS_DENIED_BY_DENYLIST',
  notAllowlisted: 'EGRESS_DENIED_NOT_ALLOWLISTED',
  loopback: 'EGRESS_DENIED_LOOPBACK_ADDRESS',
  private: 'EGRESS_DENIED_PRIVATE_ADDRESS',
  'link-local': 'EGRESS_DENIED_LINK_LOCAL_ADDRESS',
  cgnat: 'EGRESS_DENIED_CGNAT_ADDRESS',
  multicast: 'EGRESS_DENIED_MULTICAST_ADDRESS',
  unspecified: 'EGRESS_DENIED_UNSPECIFIED_ADDRESS',
  broadcast: 'EGRESS_DENIED_BROADCAST_ADDRESS',
  reserved: 'EGRESS_DENIED_RESERVED_ADDRESS',
} as const satisfies Record<'denylist' | 'notAllowlisted' | Exclude<AddressCategory, 'public'>, string>;

export type EgressDeniedCode = (typeof egressDeniedCodes)[keyof typeof egressDeniedCodes];

/** The verdict on one address a host name resolved to (or an address literal). */
export type EgressVerdict = { allowed: true } | { allowed: false; code: EgressDeniedCode; reason: string };

/** One allow or deny entry, parsed. */
export type EgressRule =
  | { kind: 'cidr'; range: [ipaddr.IPv4 | ipaddr.IPv6, number] }
  | { kind: 'host'; name: string; subdomains: boolean };

const hostNamePattern = /^(\*\.|\.)?([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?\.)*[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$/;

/** A host name as compared: lower case, without a trailing dot or brackets. */
const normalizeHost = (host: string) => host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');

/** A range as matched: `::ffff:10.0.0.0/104` is 10.0.0.0/8. */
function cidrOf(address: ipaddr.IPv4 | ipaddr.IPv6, bits: number): [ipaddr.IPv4 | ipaddr.IPv6, number] {
  const canonical = canonicalAddress(address);
  return canonical.kind() !== address.kind() && bits >= 96 ? [canonical, bits - 96] : [address, bits];
}

/**
 * Parses one allow/deny entry (pure): a CIDR (`10.1.0.0/16`, `fd00::/8`), an address (any spelling,
 * taken as a single-address range), or a host name, `*.example.com` or `.example.com` matching its
 * subdomains. Throws a RangeError naming the entry when it is none of these.
 */
export function parseEgressRule(entry: string): EgressRule {
  const text = normalizeHost(entry);
  if (text.includes('/')) {
    const [base = '', bits = ''] = text.split('/');
    const address = parseAddress(base);
    if (!address || !/^\d{1,3}$/.test(bits) || Number(bits) > (address.kind() === 'ipv4' ? 32 : 128)) throw new RangeError(`not a CIDR: ${entry}`);
    return { kind: 'cidr', range: cidrOf(address, Number(bits)) };
  }
  const address = parseAddress(text);
  if (address) return { kind: 'cidr', range: cidrOf(address, address.kind() === 'ipv4' ? 32 : 128) };
  if (!hostNamePattern.test(text)) throw new RangeError(`not a CIDR, address or host name: ${entry}`);
  const subdomains = text.startsWith('*.') || text.startsWith('.');
  return { kind: 'host', name: text.replace(/^\*?\./, ''), subdomains };
}

/** Parses a comma-separated list of entries (the EGRESS_ALLOW / EGRESS_DENY format). */
export function parseEgressRules(list: string): EgressRule[] {
  return list.split(',').map((x) => x.trim()).filter(Boolean).map(parseEgressRule);
}

function matches(rule: EgressRule, host: string, address: ipaddr.IPv4 | ipaddr.IPv6): boolean {
  if (rule.kind === 'host') return host === rule.name || (rule.subdomains && host.endsWith(`.${rule.name}`));
  const [base] = rule.range;
  // Both spellings of the address: a rule on 10.0.0.0/8 covers ::ffff:10.0.0.1, a rule on 2002::/16 covers 6to4.
  return [address, canonicalAddress(address)].some((a) => a.kind() === base.kind() && a.match(rule.range));
}

/** Decides whether a job may connect to an address (pure, built once from the operator's settings). */
export interface EgressPolicy {
  /** `host`: the host name the URL named (or the address literal); `address`: the address about to be connected to. */
  check(host: string, address: string): EgressVerdict;
}

/**
 * The egress policy, in this order: the denylist refuses, the allowlist admits, `allowlistOnly`
 * refuses the rest; then the address's range decides (public is reached; loopback and private only
 * when allowed; link-local, CGNAT, multicast, unspecified, broadcast and reserved never, unless
 * allowlisted). Entries are parsed here, so a bad one fails at start.
 */
export function createEgressPolicy(settings: EgressSettings = {}): EgressPolicy {
  const deny = (settings.deny ?? []).map(parseEgressRule);
  const allow = (settings.allow ?? []).map(parseEgressRule);
  return {
    check(hostText, addressText) {
      const host = normalizeHost(hostText);
      const address = parseAddress(addressText);
      if (!address) return { allowed: false, code: egressDeniedCodes.unspecified, reason: 'is not an IP address' };
      if (deny.some((r) => matches(r, host, address))) return { allowed: false, code: egressDeniedCodes.denylist, reason: 'is on the egress denylist' };
      if (allow.some((r) => matches(r, host, address))) return { allowed: true };
      if (settings.allowlistOnly) return { allowed: false, code: egressDeniedCodes.notAllowlisted, reason: 'is not on the egress allowlist' };
      const category = classifyAddress(address);
      if (category === 'public') return { allowed: true };
      if (category === 'loopback' && settings.allowLoopback) return { allowed: true };
      if (category === 'private' && settings.allowPrivate) return { allowed: true };
      return { allowed: false, code: egressDeniedCodes[category], reason: `is a ${category} address` };
    },
  };
}
