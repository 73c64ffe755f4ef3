import { parseArgs } from 'node:util';
import { commands, globalHelp, globalOptions, type CommandSpec } from './commandTable';

/** A command line the CLI cannot run: the message says why, with the usage (exit status 2). */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The values of a command's options, as `node:util` `parseArgs` gives them. */
export type OptionValues = Record<string, string | boolean | string[] | undefined>;

/** What a command line asks for (pure): help to print, or a command to run with its arguments and options. */
export type ParsedCommand =
  | { kind: 'help'; text: string }
  | { kind: 'run'; spec: CommandSpec; args: string[]; values: OptionValues };

const usageOf = (spec: CommandSpec) => `conveyor ${[spec.name, ...spec.args].join(' ')} [options]`;

/** The help of the whole CLI: every command with its summary. */
export function generalHelp(): string {
  const width = Math.max(...commands.map((c) => [c.name, ...c.args].join(' ').length));
  return [
    'usage: conveyor <command> [options]', '',
    'commands:',
    ...commands.map((c) => `  ${[c.name, ...c.args].join(' ').padEnd(width)}  ${c.summary}`), '',
    'global options:', ...globalHelp.map((l) => `  ${l}`), '',
    'conveyor <command> --help shows the options of one command.',
  ].join('\n');
}

/** The help of one command. */
export function commandHelp(spec: CommandSpec): string {
  return [
    `usage: ${usageOf(spec)}`, '', spec.summary, '',
    ...(spec.optionHelp.length ? ['options:', ...spec.optionHelp.map((l) => `  ${l}`), ''] : []),
    'global options:', ...globalHelp.map((l) => `  ${l}`),
  ].join('\n');
}

/** The command named by the first words of `argv`, and the words after them. */
function findCommand(argv: readonly string[]): { spec: CommandSpec; rest: string[] } | undefined {
  const byLength = [...commands].sort((a, b) => b.name.split(' ').length - a.name.split(' ').length);
  for (const spec of byLength) {
    const words = spec.name.split(' ');
    if (words.every((w, i) => argv[i] === w)) return { spec, rest: argv.slice(words.length) };
  }
  return undefined;
}

/**
 * Reads a `conveyor` command line (pure): the command's words first, then its arguments and options in
 * any order (`node:util` `parseArgs`, strict). Throws `UsageError` for an unknown command or option, or
 * the wrong number of arguments.
 */
export function parseCommandLine(argv: readonly string[]): ParsedCommand {
  const found = findCommand(argv);
  if (!found) {
    if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') return { kind: 'help', text: generalHelp() };
    const group = commands.filter((c) => c.name.startsWith(`${argv[0]} `));
    if (group.length) {
      const list = group.map((c) => `  ${usageOf(c)}`).join('\n');
      if (argv.length === 1 || argv[1] === '--help' || argv[1] === '-h') return { kind: 'help', text: `usage:\n${list}` };
      throw new UsageError(`unknown command: ${argv.slice(0, 2).join(' ')}\nusage:\n${list}`);
    }
    throw new UsageError(`unknown command: ${argv[0]}\n\n${generalHelp()}`);
  }
  const { spec, rest } = found;
  let parsed: { values: OptionValues; positionals: string[] };
  try {
    parsed = parseArgs({ args: rest, options: { ...globalOptions, ...spec.options }, allowPositionals: true, strict: true }) as typeof parsed;
  } catch (err) {
    throw new UsageError(`${err instanceof Error ? err.message : String(err)}\nusage: ${usageOf(spec)} (--help for the options)`);
  }
  if (parsed.values.help) return { kind: 'help', text: commandHelp(spec) };
  if (parsed.positionals.length !== spec.args.length) {
    const expected = spec.args.length ? spec.args.join(' ') : 'no arguments';
    throw new UsageError(`conveyor ${spec.name} takes ${expected}, got ${parsed.positionals.length ? parsed.positionals.join(' ') : 'none'}\nusage: ${usageOf(spec)}`);
  }
  return { kind: 'run', spec, args: parsed.positionals, values: parsed.values };
}

/**
 * A duration in milliseconds from `1500ms`, `30s`, `5m`, `2h` or a bare number of milliseconds (pure);
 * throws `UsageError` naming the option otherwise.
 */
export function parseDuration(text: string, option: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) throw new UsageError(`--${option} must be a duration such as 30s, 5m or 1500ms, got ${JSON.stringify(text)}`);
  const factor = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 }[(match[2] ?? 'ms') as 'ms' | 's' | 'm' | 'h'];
  return Math.round(Number(match[1]) * factor);
}

/** A positive integer option (pure); throws `UsageError` naming the option otherwise. */
export function parsePositiveInt(text: string, option: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${option} must be a positive integer, got ${JSON.stringify(text)}`);
  return n;
}

/** Repeated and comma-separated values of an option, as one list (pure): `--status failed,dead --status cancelled`. */
export function listOption(value: OptionValues[string]): string[] | undefined {
  if (value === undefined || typeof value === 'boolean') return undefined;
  const list = (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  return list.length ? list : undefined;
}
