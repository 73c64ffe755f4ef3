import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './config';

describe('loadConfig: the API key', () => {
  let stateDir: string;
  beforeEach(() => {
    stateDir = mkdtempSync(join(tmpdir(), 'loadtest-config-'));
  });
  afterEach(() => rmSync(stateDir, { recursive: true, force: true }));

  it('is the key `npm start` wrote to <state dir>/api-key', () => {
    writeFileSync(join(stateDir, 'api-key'), 'cvk-bootstrap-written-by-npm-start-0123456789\n');
    expect(loadConfig({ CONVEYOR_STATE_DIR: stateDir }).apiKey).toBe('cvk-bootstrap-written-by-npm-start-0123456789');
  });

  it('is CONVEYOR_API_KEY when set', () => {
    writeFileSync(join(stateDir, 'api-key'), 'cvk-bootstrap-written-by-npm-start-0123456789\n');
    expect(loadConfig({ CONVEYOR_STATE_DIR: stateDir, CONVEYOR_API_KEY: 'cvk-named' }).apiKey).toBe('cvk-named');
  });

  it('is none without either', () => {
    expect(loadConfig({ CONVEYOR_STATE_DIR: stateDir }).apiKey).toBeUndefined();
  });
});
