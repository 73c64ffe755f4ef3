import type { ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

/** One command of the `conveyor` CLI: its words, arguments, options and help (a row of the table below). */
export interface CommandSpec {
  /** The words that name it, e.g. `jobs list`. */
  name: string;
  /** Positional arguments, as shown in the usage line. */
  args: string[];
  summary: string;
  options: Options;
  /** One line per option, for `--help`. */
  optionHelp: string[];
}

/** Options every command takes. */
export const globalOptions: Options = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  'command-url': { type: 'string' },
  'query-url': { type: 'string' },
  'api-key': { type: 'string' },
};

export const globalHelp = [
  '--json                 machine-readable output (one JSON document on stdout)',
  '--command-url <url>    the command API (CONVEYOR_COMMAND_URL; default http://127.0.0.1:3001)',
  '--query-url <url>      the query API (CONVEYOR_QUERY_URL; default http://127.0.0.1:3002)',
  '--api-key <key>        the API key (CONVEYOR_API_KEY; default the key `npm start` writes to .stack/api-key)',
  '-h, --help             this help',
];

const page: Options = { limit: { type: 'string' }, cursor: { type: 'string' } };
const pageHelp = ['--limit <n>            page size', '--cursor <cursor>      the next page (printed under a page)'];

/** Every command (the one table `--help`, the parser and the dispatcher read). */
export const commands: CommandSpec[] = [
  {
    name: 'submit', args: ['<type>'], summary: 'Submit a job (202: its JobSubmitted is durable in Kafka)',
    options: {
      payload: { type: 'string' }, priority: { type: 'string' }, key: { type: 'string' }, 'idempotency-key': { type: 'string' },
      'max-attempts': { type: 'string' }, 'timeout-ms': { type: 'string' }, 'run-at': { type: 'string' }, wait: { type: 'boolean' }, timeout: { type: 'string' },
    },
    optionHelp: [
      '--payload <json|@file> the payload, as JSON or @ a JSON file (default {})',
      '--priority <p>         high, normal or low',
      '--key <key>            concurrency key: jobs sharing it run one at a time, in order',
      '--idempotency-key <k>  a retry with the same key returns the same job',
      '--max-attempts <n>     attempts before the job is dead-lettered',
      '--timeout-ms <ms>      how long one attempt may run',
      '--run-at <ISO 8601>    not before this instant',
      '--wait                 wait until the job finishes, print it; exit 1 unless it succeeded',
      '--timeout <duration>   with --wait: give up after this long (e.g. 30s, 5m; default no limit)',
    ],
  },
  {
    name: 'jobs list', args: [], summary: 'List jobs, newest first',
    options: { status: { type: 'string', multiple: true }, type: { type: 'string', multiple: true }, q: { type: 'string' }, ...page },
    optionHelp: ['--status <s>[,<s>]     only these statuses (repeatable)', '--type <t>[,<t>]       only these job types (repeatable)', '--q <text>             text in the payload or the error', ...pageHelp],
  },
  { name: 'jobs get', args: ['<id>'], summary: 'A job and its timeline', options: {}, optionHelp: [] },
  {
    name: 'jobs wait', args: ['<id>'], summary: 'Wait for a job to finish (live stream), print it; exit 1 unless it succeeded',
    options: { status: { type: 'string', multiple: true }, timeout: { type: 'string' } },
    optionHelp: ['--status <s>           wait for this status instead (repeatable; a finished job ends the wait too)', '--timeout <duration>   give up after this long (e.g. 30s, 5m; default no limit)'],
  },
  { name: 'jobs cancel', args: ['<id>'], summary: 'Cancel a job (a running attempt is aborted)', options: { reason: { type: 'string' } }, optionHelp: ['--reason <text>        why, for the timeline'] },
  {
    name: 'dead-letters list', args: [], summary: 'List dead letters, newest first',
    options: { type: { type: 'string' }, cause: { type: 'string' }, status: { type: 'string' }, ...page },
    optionHelp: ['--type <t>             only this job type', '--cause <c>            attempts_exhausted, non_retriable, unknown_type, poison_message', '--status <s>           dead (default), requeued, discarded, quarantined or all', ...pageHelp],
  },
  {
    name: 'dead-letters requeue', args: [], summary: 'Requeue dead letters: by id, or all matching a filter (oldest first)',
    options: { id: { type: 'string', multiple: true }, type: { type: 'string' }, cause: { type: 'string' }, since: { type: 'string' }, until: { type: 'string' }, limit: { type: 'string' }, all: { type: 'boolean' }, reason: { type: 'string' } },
    optionHelp: [
      '--id <id>              a dead letter (or a job: its newest letter); repeatable',
      '--type <t>             the letters of this job type',
      '--cause <c>            attempts_exhausted, non_retriable or unknown_type',
      '--since <ISO 8601>     dead-lettered at or after',
      '--until <ISO 8601>     dead-lettered before',
      '--limit <n>            at most this many (default 1000)',
      '--all                  every dead letter (without --id or a filter, nothing is requeued)',
      '--reason <text>        why, for the timeline',
    ],
  },
  { name: 'job-types', args: [], summary: 'The job types the platform accepts', options: {}, optionHelp: [] },
  {
    name: 'queues list', args: [], summary: 'Every queue: paused or not, waiting jobs, workers, jobs finished in the last hour',
    options: { after: { type: 'string' } },
    optionHelp: ['--after <position>     the position a pause or resume printed: the list then shows its effect'],
  },
  {
    name: 'queues pause', args: ['<queue>'], summary: 'Pause a queue: its workers stop fetching its work (attempts already fetched still run)',
    options: { reason: { type: 'string' } }, optionHelp: ['--reason <text>        why, recorded with the pause'],
  },
  { name: 'queues resume', args: ['<queue>'], summary: 'Resume a paused queue: its workers fetch its work again', options: {}, optionHelp: [] },
];
