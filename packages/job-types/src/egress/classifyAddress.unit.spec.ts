import { classifyAddress, embeddedIPv4, parseAddress, type AddressCategory } from './classifyAddress';

const classify = (text: string): AddressCategory | 'not an address' => {
  const address = parseAddress(text);
  return address ? classifyAddress(address) : 'not an address';
};

describe('classifyAddress', () => {
  it.each([
    // loopback, in every spelling the resolver and the URL parser accept
    ['127.0.0.1', 'loopback'], ['127.1', 'loopback'], ['2130706433', 'loopback'], ['0x7f.1', 'loopback'],
    ['0x7f000001', 'loopback'], ['0177.0.0.1', 'loopback'], ['0177.1', 'loopback'], ['127.255.255.254', 'loopback'],
    ['::1', 'loopback'], ['[::1]', 'loopback'], ['0:0:0:0:0:0:0:1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'], ['[::ffff:127.0.0.1]', 'loopback'], ['::ffff:7f00:1', 'loopback'], ['[::ffff:7f00:1]', 'loopback'],
    ['::127.0.0.1', 'loopback'], ['64:ff9b::127.0.0.1', 'loopback'], ['2002:7f00:1::', 'loopback'], ['::ffff:0:7f00:1', 'loopback'],
    // private
    ['10.0.0.1', 'private'], ['10.255.255.255', 'private'], ['167772161', 'private'], ['0xa.1', 'private'], ['012.0.0.1', 'private'],
    ['172.16.0.1', 'private'], ['172.31.255.255', 'private'], ['192.168.1.1', 'private'], ['0xc0.0xa8.1.1', 'private'],
    ['::ffff:10.0.0.1', 'private'], ['::ffff:a00:1', 'private'], ['fc00::1', 'private'], ['fd12:3456::1', 'private'],
    // link-local and the cloud metadata addresses
    ['169.254.169.254', 'link-local'], ['2852039166', 'link-local'], ['0xa9.0xfe.0xa9.0xfe', 'link-local'], ['0251.0376.0251.0376', 'link-local'],
    ['169.254.43518', 'link-local'], ['::ffff:169.254.169.254', 'link-local'], ['::ffff:a9fe:a9fe', 'link-local'],
    ['fe80::1', 'link-local'], ['fe80::1%eth0', 'link-local'], ['fd00:ec2::254', 'link-local'],
    // the other refused ranges
    ['100.64.0.1', 'cgnat'], ['100.127.255.255', 'cgnat'], ['224.0.0.1', 'multicast'], ['239.255.255.250', 'multicast'], ['ff02::1', 'multicast'],
    ['0.0.0.0', 'unspecified'], ['0', 'unspecified'], ['0.1.2.3', 'unspecified'], ['::', 'unspecified'], ['::ffff:0.0.0.0', 'unspecified'],
    ['255.255.255.255', 'broadcast'], ['4294967295', 'broadcast'], ['240.0.0.1', 'reserved'], ['192.0.2.1', 'reserved'], ['2001:db8::1', 'reserved'],
    // public
    ['8.8.8.8', 'public'], ['134744072', 'public'], ['172.32.0.1', 'public'], ['100.128.0.1', 'public'], ['169.255.0.1', 'public'],
    ['::ffff:8.8.8.8', 'public'], ['2606:4700:4700::1111', 'public'], ['2002:808:808::', 'public'],
  ] as const)('%s is %s', (text, category) => {
    expect(classify(text)).toBe(category);
  });

  it('host names are not addresses', () => {
    expect(parseAddress('example.com')).toBeUndefined();
    expect(parseAddress('localhost')).toBeUndefined();
    expect(parseAddress('127.0.0.1.nip.io')).toBeUndefined();
  });

  it('finds the IPv4 address an IPv6 form carries, and none in a plain IPv6 address', () => {
    expect(embeddedIPv4(parseAddress('::ffff:7f00:1') as never)?.toString()).toBe('127.0.0.1');
    expect(embeddedIPv4(parseAddress('64:ff9b::a9fe:a9fe') as never)?.toString()).toBe('169.254.169.254');
    expect(embeddedIPv4(parseAddress('2606:4700::1') as never)).toBeUndefined();
    expect(embeddedIPv4(parseAddress('::1') as never)).toBeUndefined();
  });
});
