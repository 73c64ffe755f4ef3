import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliDefaults, loadCliConfig } from './config';

describe('loadCliConfig', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'conveyor-cli-'));
    mkdirSync(join(dir, '.stack'));
    writeFileSync(join(dir, '.stack', 'api-key'), 'cvk_local_key\n');
    mkdirSync(join(dir, 'deep', 'er'), { recursive: true });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('takes a flag over the environment over the default', () => {
    const env = { CONVEYOR_COMMAND_URL: 'http://env:1', CONVEYOR_QUERY_URL: 'http://env:2', CONVEYOR_API_KEY: 'cvk_env' };
    expect(loadCliConfig({ 'command-url': 'http://flag:1' }, env, dir)).toEqual({ commandUrl: 'http://flag:1', queryUrl: 'http://env:2', apiKey: 'cvk_env' });
  });

  it('defaults to the local platform and the key npm start wrote in the nearest .stack above', () => {
    expect(loadCliConfig({}, {}, join(dir, 'deep', 'er'))).toEqual({ commandUrl: cliDefaults.commandUrl, queryUrl: cliDefaults.queryUrl, apiKey: 'cvk_local_key' });
  });

  it('has no key where none is configured', () => {
    expect(loadCliConfig({}, {}, tmpdir()).apiKey).toBeNull();
  });
});
