/**
 * `npm run stack -- up|down|status|logs`: the local stack from the command line.
 * Usage errors exit 2, stack errors print one line and exit 1.
 */
import { createInterface } from 'node:readline/promises';
import { COMPONENT_NAMES, type ComponentName } from './Component';
import { showLogs } from './showLogs';
import { StackError } from './StackError';
import { stackDown } from './stackDown';
import { resetPlan, stackReset } from './stackReset';
import { stackStatus } from './stackStatus';
import { statusTable } from './statusTable';
import { stackUp } from './stackUp';

const USAGE = `usage: npm run stack -- <command>
  up [kafka|registry]...      start what is not running, wait until every component is healthy
  down [kafka|registry]...    stop what up started (data and logs stay in .stack/)
  status [--json]             running/stopped, pid, port and health of each component
  logs [kafka|registry] [-f] [-n LINES]   tail of the component logs (-f follows)
  reset [--yes]               recreate the local read-model and registry databases and Kafka's log
                              (asks first; --yes does not)`;

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const flags = rest.filter((arg) => arg.startsWith('-'));
  const names = rest.filter((arg) => !arg.startsWith('-') && !/^\d+$/.test(arg));
  switch (command) {
    case 'up': {
      const began = Date.now();
      const { status } = await stackUp({ components: componentNames(names) });
      console.log(`\n${statusTable(status)}\n\nstack up in ${((Date.now() - began) / 1000).toFixed(1)} s`);
      return 0;
    }
    case 'down':
      await stackDown({ components: componentNames(names) });
      return 0;
    case 'status': {
      const status = await stackStatus();
      console.log(flags.includes('--json') ? JSON.stringify(status, null, 2) : statusTable(status));
      return 0;
    }
    case 'logs': {
      if (names.length > 1) throw new UsageError('logs takes at most one component');
      const [component] = componentNames(names);
      return showLogs({ component, follow: flags.includes('-f') || flags.includes('--follow'), lines: lineCount(rest) });
    }
    case 'reset': {
      if (!flags.includes('--yes') && !flags.includes('-y') && !(await confirm(resetPlan()))) {
        console.log('stack: reset cancelled, nothing changed');
        return 1;
      }
      await stackReset();
      console.log('stack: reset done; everything starts empty: `npm start`, then `npm run seed` for data to look at');
      return 0;
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

/** Shows what a reset destroys and asks; without a terminal to ask on, `--yes` is required. */
async function confirm(plan: string[]): Promise<boolean> {
  if (!process.stdin.isTTY) throw new UsageError('reset needs --yes when not run from a terminal');
  console.log(`This will:\n${plan.map((line) => `  - ${line}`).join('\n')}`);
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await prompt.question('Continue? [y/N] ')).trim());
  } finally {
    prompt.close();
  }
}

function componentNames(names: string[]): ComponentName[] {
  const unknown = names.filter((name) => !(COMPONENT_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0) throw new UsageError(`unknown component "${unknown.join('", "')}" (expected ${COMPONENT_NAMES.join(' or ')})`);
  return names as ComponentName[];
}

function lineCount(args: string[]): number {
  const index = args.findIndex((arg) => arg === '-n' || arg === '--lines');
  if (index === -1) return 50;
  const value = Number(args[index + 1]);
  if (!Number.isInteger(value) || value < 0) throw new UsageError('-n needs a number of lines');
  return value;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`stack: ${error.message}\n${USAGE}`);
      process.exit(2);
    }
    // Expected failures are one line; anything else is a bug and keeps its stack trace.
    console.error(error instanceof StackError ? `stack: ${error.message}` : error);
    process.exit(1);
  },
);
