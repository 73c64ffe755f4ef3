import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Pool } from '@conveyor/runtime';
import { generateSecretKey } from '@conveyor/job-types/secrets';
import { loadConfig } from '../config';
import { createHandlerPorts } from './createHandlerPorts';

const keys = { SECRETS_KEYS: generateSecretKey('k') };

describe('createHandlerPorts: the fetch port follows the EGRESS_* configuration', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer((_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  const fetchWith = (env: Record<string, string>) => createHandlerPorts({ pool: {} as Pool, config: loadConfig({ ...keys, ...env }) }).fetch;

  it('refuses loopback by default', async () => {
    await expect(fetchWith({})(url)).rejects.toMatchObject({ cause: { code: 'EGRESS_DENIED_LOOPBACK_ADDRESS' } });
  });

  it('reaches loopback with EGRESS_ALLOW_LOOPBACK=true, unless EGRESS_DENY names it', async () => {
    expect(await (await fetchWith({ EGRESS_ALLOW_LOOPBACK: 'true' })(url)).text()).toBe('ok');
    await expect(fetchWith({ EGRESS_ALLOW_LOOPBACK: 'true', EGRESS_DENY: '127.0.0.0/8' })(url)).rejects.toMatchObject({ cause: { code: 'EGRESS_DENIED_BY_DENYLIST' } });
    expect(await (await fetchWith({ EGRESS_ALLOW: '127.0.0.1' })(url)).text()).toBe('ok');
  });

  it('names a bad allow or deny entry, a missing key ring or an active key it lacks at start', () => {
    expect(() => loadConfig({ ...keys, EGRESS_DENY: '10.0.0.0/8, bad host', EGRESS_ALLOW: '10.0.0.0/99' })).toThrow(/EGRESS_DENY: not a CIDR, address or host name: bad host[^]*EGRESS_ALLOW: not a CIDR: 10\.0\.0\.0\/99/);
    expect(() => loadConfig({})).toThrow(/SECRETS_KEYS: required/);
    expect(() => loadConfig({ ...keys, SECRETS_ACTIVE_KEY_ID: 'other' })).toThrow(/SECRETS_ACTIVE_KEY_ID other is not in SECRETS_KEYS/);
    expect(loadConfig({ ...keys, EGRESS_ALLOW: ' hooks.example.com, 10.1.0.0/16 ' }).EGRESS_ALLOW).toEqual(['hooks.example.com', '10.1.0.0/16']);
  });
});
