import { userInfo } from 'node:os';
import type { ReplayKind } from './replayRuns';

/** A parsed `npm run replay -- …` command line. */
export interface CliCommand {
  kind: ReplayKind;
  /** Options in the shape of POST /v1/admin/replays bodies (replayOptions.ts checks them). */
  options: Record<string, unknown>;
  /** `--run <id>`: the run to resume (rebuild). */
  runId?: string;
  /** `--resume`: the newest unfinished rebuild of this topic. */
  resume: boolean;
  actor: string;
}

export const usage = `usage:
  npm run replay -- rebuild <all|jobs|job_events|job_stats_minute> [--from earliest|<ISO time>] [--dry-run] [--force] [--keep-retired]
                    [--max-rate <events/s>] [--live-schema <schema>] [--run <id> | --resume]
  npm run replay -- redrive [--type T] [--cause C] [--since <ISO time>] [--dry-run] [--max-redrives N]
                    [--actor NAME] [--reason TEXT]
  npm run replay -- as-of <ISO time>
environment: KAFKA_BROKERS, SCHEMA_REGISTRY_URL, DATABASE_URL, TOPIC_PREFIX, REPLAY_LIVE_SCHEMA`;

const flags = new Set(['--dry-run', '--force', '--keep-retired', '--resume']);

/** Parses the replay CLI's arguments (pure apart from the default actor, the OS user); throws with the usage. */
export function parseCliArgs(argv: readonly string[], defaultActor: () => string = () => userInfo().username): CliCommand {
  const [command, ...rest] = argv;
  const positional: string[] = [];
  const named: Record<string, string | true> = {};
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    if (!arg.startsWith('--')) positional.push(arg);
    else if (flags.has(arg)) named[arg.slice(2)] = true;
    else {
      const value = rest[++i];
      if (value === undefined || value.startsWith('--')) throw new Error(`${arg} needs a value\n${usage}`);
      named[arg.slice(2)] = value;
    }
  }
  const str = (k: string) => (typeof named[k] === 'string' ? (named[k] as string) : undefined);
  const int = (k: string) => (str(k) === undefined ? undefined : Number(str(k)));
  const actor = str('actor') ?? defaultActor();
  const base = { runId: str('run'), resume: named.resume === true, actor };
  switch (command) {
    case 'rebuild':
      if (!positional[0]) throw new Error(`rebuild needs a projection (all, jobs, job_events or job_stats_minute)\n${usage}`);
      return {
        ...base, kind: 'rebuild',
        options: {
          projection: positional[0], from: str('from') ?? 'earliest', dryRun: named['dry-run'] === true, force: named.force === true,
          keepRetired: named['keep-retired'] === true, maxRate: int('max-rate'), liveSchema: str('live-schema'),
        },
      };
    case 'redrive':
      return {
        ...base, kind: 'redrive',
        options: { type: str('type'), cause: str('cause'), since: str('since'), dryRun: named['dry-run'] === true, maxRedrives: int('max-redrives'), actor, reason: str('reason') },
      };
    case 'as-of':
      if (!positional[0]) throw new Error(`as-of needs an ISO time\n${usage}`);
      return { ...base, kind: 'as-of', options: { asOf: positional[0] } };
    default:
      throw new Error(usage);
  }
}
