import ipaddr from 'ipaddr.js';

/** Why an address is not a public unicast one; `public` is everything else. */
export type AddressCategory =
  | 'loopback' | 'private' | 'link-local' | 'cgnat' | 'multicast' | 'unspecified' | 'broadcast' | 'reserved' | 'public';

/**
 * The ranges a job may not reach unless the operator allows them, first match wins (so the cloud
 * metadata address fd00:ec2::254 is link-local, not merely private). IPv6 forms that carry an IPv4
 * address (mapped, compatible, NAT64, 6to4) are classified by that IPv4 address, see {@link embeddedIPv4}.
 * Public: the executor's NetworkPolicy excludes the same ranges (tools/infra/executorEgress.unit.spec.ts).
 */
export const blockedRanges: ReadonlyArray<readonly [cidr: string, category: Exclude<AddressCategory, 'public'>]> = [
  ['0.0.0.0/8', 'unspecified'],
  ['127.0.0.0/8', 'loopback'],
  ['10.0.0.0/8', 'private'],
  ['172.16.0.0/12', 'private'],
  ['192.168.0.0/16', 'private'],
  ['169.254.0.0/16', 'link-local'],
  ['100.64.0.0/10', 'cgnat'],
  ['224.0.0.0/4', 'multicast'],
  ['255.255.255.255/32', 'broadcast'],
  ['240.0.0.0/4', 'reserved'],
  ['192.0.0.0/24', 'reserved'],
  ['192.0.2.0/24', 'reserved'],
  ['198.18.0.0/15', 'reserved'],
  ['198.51.100.0/24', 'reserved'],
  ['203.0.113.0/24', 'reserved'],
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['fd00:ec2::254/128', 'link-local'],
  ['fe80::/10', 'link-local'],
  ['fc00::/7', 'private'],
  ['fec0::/10', 'private'],
  ['ff00::/8', 'multicast'],
  ['100::/64', 'reserved'],
  ['2001::/32', 'reserved'],
  ['2001:db8::/32', 'reserved'],
];

const parsedRanges = blockedRanges.map(([cidr, category]) => ({ range: ipaddr.parseCIDR(cidr), category }));

/**
 * Parses an IP address in any spelling the resolver or a URL parser accepts (pure): dotted, decimal
 * (`2130706433`), hex (`0x7f.1`), octal (`0177.0.0.1`), short (`127.1`), IPv6 with or without brackets
 * or a zone. Undefined when `text` is not an address (a host name).
 */
export function parseAddress(text: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  const bare = text.trim().replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  if (!ipaddr.isValid(bare)) return undefined;
  return ipaddr.parse(bare);
}

/**
 * The IPv4 address an IPv6 address carries, when it is of a form that reaches that IPv4 host:
 * IPv4-mapped `::ffff:a.b.c.d`, SIIT `::ffff:0:a.b.c.d`, IPv4-compatible `::a.b.c.d`, NAT64
 * `64:ff9b::a.b.c.d` and 6to4 `2002:AABB:CCDD::`.
 */
export function embeddedIPv4(address: ipaddr.IPv6): ipaddr.IPv4 | undefined {
  const p = address.parts;
  const fromWords = (high: number, low: number) => new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
  const zeros = (from: number, to: number) => p.slice(from, to).every((x) => x === 0);
  if (zeros(0, 5) && p[5] === 0xffff) return fromWords(p[6]!, p[7]!);
  if (zeros(0, 4) && p[4] === 0xffff && p[5] === 0) return fromWords(p[6]!, p[7]!);
  // ::a.b.c.d, but not :: and ::1 themselves.
  if (zeros(0, 6) && (p[6] !== 0 || p[7]! > 1)) return fromWords(p[6]!, p[7]!);
  if (p[0] === 0x64 && p[1] === 0xff9b && zeros(2, 6)) return fromWords(p[6]!, p[7]!);
  if (p[0] === 0x2002) return fromWords(p[1]!, p[2]!);
  return undefined;
}

/** The address to classify and match: an IPv6 form carrying an IPv4 address becomes that IPv4 address. */
export function canonicalAddress(address: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | ipaddr.IPv6 {
  return address.kind() === 'ipv6' ? (embeddedIPv4(address as ipaddr.IPv6) ?? address) : address;
}

/** Classifies an address (pure): the first range of the table it falls in, else `public`. */
export function classifyAddress(address: ipaddr.IPv4 | ipaddr.IPv6): AddressCategory {
  const canonical = canonicalAddress(address);
  for (const { range, category } of parsedRanges) {
    if (canonical.kind() === range[0].kind() && canonical.match(range)) return category;
  }
  return 'public';
}
