import { createEgressPolicy, parseEgressRule, parseEgressRules } from './egressPolicy';

describe('egress policy', () => {
  it('refuses every non-public range by default, each with its own code', () => {
    const policy = createEgressPolicy();
    expect(policy.check('example.com', '93.184.215.14')).toEqual({ allowed: true });
    expect(policy.check('127.0.0.1', '127.0.0.1')).toMatchObject({ allowed: false, code: 'EGRESS_DENIED_LOOPBACK_ADDRESS' });
    expect(policy.check('internal', '10.1.2.3')).toMatchObject({ allowed: false, code: 'EGRESS_DENIED_PRIVATE_ADDRESS' });
    expect(policy.check('metadata', '169.254.169.254')).toMatchObject({ allowed: false, code: 'EGRESS_DENIED_LINK_LOCAL_ADDRESS' });
    expect(policy.check('metadata', 'fd00:ec2::254')).toMatchObject({ allowed: false, code: 'EGRESS_DENIED_LINK_LOCAL_ADDRESS' });
    expect(policy.check('x', '100.64.0.1')).toMatchObject({ allowed: false, code: 'EGRESS_DENIED_CGNAT_ADDRESS' });
    expect(policy.check('x', '224.0.0.1')).toMatchObject({ allowed: false, code: 'EGRESS_DENIED_MULTICAST_ADDRESS' });
    expect(policy.check('x', '0.0.0.0')).toMatchObject({ allowed: false, code: 'EGRESS_DENIED_UNSPECIFIED_ADDRESS' });
    expect(policy.check('x', '255.255.255.255')).toMatchObject({ allowed: false, code: 'EGRESS_DENIED_BROADCAST_ADDRESS' });
    expect(policy.check('x', '::ffff:7f00:1')).toMatchObject({ allowed: false, code: 'EGRESS_DENIED_LOOPBACK_ADDRESS' });
  });

  it('allows loopback and private addresses only when told to, and link-local never by those switches', () => {
    const policy = createEgressPolicy({ allowLoopback: true, allowPrivate: true });
    expect(policy.check('localhost', '127.0.0.1')).toEqual({ allowed: true });
    expect(policy.check('localhost', '::1')).toEqual({ allowed: true });
    expect(policy.check('x', '192.168.0.10')).toEqual({ allowed: true });
    expect(policy.check('x', '169.254.169.254')).toMatchObject({ allowed: false, code: 'EGRESS_DENIED_LINK_LOCAL_ADDRESS' });
    expect(createEgressPolicy({ allowLoopback: true }).check('x', '10.0.0.1')).toMatchObject({ code: 'EGRESS_DENIED_PRIVATE_ADDRESS' });
  });

  it('the denylist refuses first, the allowlist admits refused ranges, allowlistOnly refuses the rest', () => {
    const policy = createEgressPolicy({ deny: ['203.0.114.0/24', '*.blocked.example', 'evil.example'], allow: ['10.20.0.0/16', 'hooks.corp.example', '*.blocked.example'] });
    expect(policy.check('a.blocked.example', '8.8.8.8')).toMatchObject({ allowed: false, code: 'EGRESS_DENIED_BY_DENYLIST' });
    expect(policy.check('EVIL.example.', '8.8.8.8')).toMatchObject({ allowed: false, code: 'EGRESS_DENIED_BY_DENYLIST' });
    expect(policy.check('x', '203.0.114.9')).toMatchObject({ allowed: false, code: 'EGRESS_DENIED_BY_DENYLIST' });
    expect(policy.check('x', '::ffff:203.0.114.9')).toMatchObject({ allowed: false, code: 'EGRESS_DENIED_BY_DENYLIST' });
    expect(policy.check('x', '10.20.3.4')).toEqual({ allowed: true });
    expect(policy.check('x', '10.21.3.4')).toMatchObject({ code: 'EGRESS_DENIED_PRIVATE_ADDRESS' });
    expect(policy.check('hooks.corp.example', '10.99.0.1')).toEqual({ allowed: true });
    expect(policy.check('other.corp.example', '10.99.0.1')).toMatchObject({ code: 'EGRESS_DENIED_PRIVATE_ADDRESS' });
    const only = createEgressPolicy({ allow: ['api.partner.example'], allowlistOnly: true });
    expect(only.check('api.partner.example', '8.8.8.8')).toEqual({ allowed: true });
    expect(only.check('else.example', '8.8.8.8')).toMatchObject({ allowed: false, code: 'EGRESS_DENIED_NOT_ALLOWLISTED' });
  });

  it('parses CIDRs, addresses in any spelling and host names, and refuses anything else', () => {
    expect(parseEgressRule('10.0.0.0/8')).toMatchObject({ kind: 'cidr' });
    expect(parseEgressRule('0x7f.1')).toMatchObject({ kind: 'cidr', range: [expect.anything(), 32] });
    expect(parseEgressRule('::ffff:10.0.0.0/104')).toMatchObject({ kind: 'cidr', range: [expect.anything(), 8] });
    expect(parseEgressRule('*.Example.com')).toEqual({ kind: 'host', name: 'example.com', subdomains: true });
    expect(parseEgressRule('.example.com')).toEqual({ kind: 'host', name: 'example.com', subdomains: true });
    expect(parseEgressRules(' a.example , ,10.0.0.0/8')).toHaveLength(2);
    expect(() => parseEgressRule('10.0.0.0/33')).toThrow(RangeError);
    expect(() => parseEgressRule('not a host')).toThrow(/not a CIDR, address or host name/);
    expect(() => createEgressPolicy({ deny: ['http://x/'] })).toThrow(RangeError);
  });
});
