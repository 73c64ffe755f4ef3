import { spawn } from 'node:child_process';
import fs from 'node:fs';
import type { ComponentName } from './Component';
import { loadConfig } from './config';
import { createComponents } from './createComponents';
import { stackPaths } from './paths';
import type { StackOptions } from './stackStatus';

/** Options of {@link showLogs}. */
export interface ShowLogsOptions extends StackOptions {
  /** One component, or every component when omitted. */
  component?: ComponentName;
  /** Lines from the end of each log. */
  lines: number;
  /** Keep printing what is appended, like `tail -F`, until interrupted. */
  follow: boolean;
}

/** Prints the tail of component logs to stdout through `tail`; resolves with its exit code. Internal. */
export async function showLogs(options: ShowLogsOptions): Promise<number> {
  const config = loadConfig(options.env);
  const components = createComponents(config, stackPaths(config), options.component ? [options.component] : []);
  const files = components.map((component) => component.paths.log);
  const present = files.filter((file) => fs.existsSync(file));
  for (const file of files.filter((file) => !present.includes(file))) console.log(`(no log yet: ${file})`);
  if (present.length === 0 && !options.follow) return 0;
  // -F keeps following across the log rotation a restart does; with several files tail prints headers.
  const args = ['-n', String(options.lines), ...(options.follow ? ['-F'] : []), ...(options.follow ? files : present)];
  return new Promise((resolve) => {
    const tail = spawn('tail', args, { stdio: ['ignore', 'inherit', 'inherit'] });
    tail.once('error', (error) => {
      console.error(`stack: could not run tail: ${error.message}`);
      resolve(1);
    });
    tail.once('close', (code) => resolve(code ?? 0));
  });
}
