/**
 * The executor's NetworkPolicy `executor-public-egress` is the cluster's copy of the SSRF rules: every range
 * the executor refuses to connect to (`blockedRanges` of @conveyor/job-types/egress) is excluded from its public
 * ipBlocks, and nothing public is, in the overlays and the chart alike.
 */
import { BlockList, isIPv6 } from 'node:net';
import { blockedRanges } from '@conveyor/job-types/egress';
import { renderChart, renderKustomize, type K8sObject } from './renderManifests';

type IpBlock = { cidr: string; except?: string[] };
type Policy = K8sObject & { spec: { egress: { to: { ipBlock?: IpBlock }[] }[] } };

/** Whether the network `inner` (a CIDR) lies inside the network `outer` (a CIDR). */
function within(inner: string, outer: string): boolean {
  const [innerAddress, innerPrefix] = inner.split('/') as [string, string];
  const [outerAddress, outerPrefix] = outer.split('/') as [string, string];
  const family = isIPv6(outerAddress) ? 'ipv6' : 'ipv4';
  if (isIPv6(innerAddress) !== (family === 'ipv6') || Number(innerPrefix) < Number(outerPrefix)) return false;
  const network = new BlockList();
  network.addSubnet(outerAddress, Number(outerPrefix), family);
  return network.check(innerAddress, family);
}

/** The public ipBlocks of the executor's egress policy in a rendering. */
function publicIpBlocks(objects: readonly K8sObject[]): IpBlock[] {
  const policy = objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'executor-public-egress') as Policy | undefined;
  if (!policy) throw new Error('no NetworkPolicy executor-public-egress');
  return policy.spec.egress.flatMap((rule) => rule.to.flatMap((peer) => (peer.ipBlock ? [peer.ipBlock] : [])));
}

const renderings: [string, () => K8sObject[]][] = [
  ['deploy/overlays/prod', () => renderKustomize('deploy/overlays/prod')],
  ['deploy/overlays/dev', () => renderKustomize('deploy/overlays/dev')],
  ['the Helm chart', () => renderChart()],
];

describe.each(renderings)('executor-public-egress in %s', (_source, render) => {
  const blocks = publicIpBlocks(render());
  const excepted = blocks.flatMap((b) => b.except ?? []);

  it('opens all of IPv4 and IPv6 but the excepted ranges', () => {
    expect(blocks.map((b) => b.cidr).sort()).toEqual(['0.0.0.0/0', '::/0']);
  });

  it.each(blockedRanges.map(([cidr, category]) => [cidr, category]))('excludes %s (%s)', (cidr) => {
    expect(excepted.filter((e) => within(cidr, e))).not.toEqual([]);
  });

  it('excludes nothing the executor may reach', () => {
    const public_ = excepted.filter((e) => !blockedRanges.some(([cidr]) => within(e, cidr)));
    expect(public_).toEqual([]);
  });
});
