import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { OptionValues } from './parseCommandLine';

/** Where the CLI connects, and as whom. */
export interface CliConfig {
  commandUrl: string;
  queryUrl: string;
  /** Null: no credential found (the APIs will answer 401). */
  apiKey: string | null;
}

/** Defaults: the local platform of `npm start`. */
export const cliDefaults = { commandUrl: 'http://127.0.0.1:3001', queryUrl: 'http://127.0.0.1:3002', apiKeyFile: join('.stack', 'api-key') } as const;

/** The `.stack/api-key` that `npm start` writes, in `cwd` or the nearest folder above it that has one. */
export function findLocalApiKey(cwd: string): string | null {
  for (let dir = cwd; ; dir = dirname(dir)) {
    const file = join(dir, cliDefaults.apiKeyFile);
    if (existsSync(file)) return readFileSync(file, 'utf8').trim() || null;
    if (dirname(dir) === dir) return null;
  }
}

/**
 * The CLI's settings: each from its flag, else its environment variable (`CONVEYOR_COMMAND_URL`,
 * `CONVEYOR_QUERY_URL`, `CONVEYOR_API_KEY`), else the local platform's default.
 */
export function loadCliConfig(values: OptionValues, env: Record<string, string | undefined> = process.env, cwd: string = process.cwd()): CliConfig {
  const pick = (flag: string, name: string) => {
    const v = values[flag];
    return typeof v === 'string' && v !== '' ? v : env[name] || undefined;
  };
  return {
    commandUrl: pick('command-url', 'CONVEYOR_COMMAND_URL') ?? cliDefaults.commandUrl,
    queryUrl: pick('query-url', 'CONVEYOR_QUERY_URL') ?? cliDefaults.queryUrl,
    apiKey: pick('api-key', 'CONVEYOR_API_KEY') ?? findLocalApiKey(cwd),
  };
}
