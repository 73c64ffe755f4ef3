import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createClient, type ConveyorClient, type DeadLetterQuery } from '../createClient';
import type { JobDetail, JobStatus, JobSubmission, Priority, RequeueMatchingRequest } from '../types';
import { loadCliConfig } from './config';
import { formatFailure } from './formatFailure';
import { listOption, parseCommandLine, parseDuration, parsePositiveInt, UsageError, type OptionValues } from './parseCommandLine';
import { deadLettersPage, jobDetail, jobsPage, jobTypesTable, queueState, queuesTable } from './views';

/** Where the CLI writes, and what it reads besides the command line. */
export interface CliDeps {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env?: Record<string, string | undefined>;
  cwd?: string;
  fetch?: typeof fetch;
}

/** What a command prints: JSON for `--json`, text otherwise; and its exit status. */
interface Output {
  json: unknown;
  text: string;
  exitCode?: number;
}

type Handler = (ctx: { client: ConveyorClient; args: string[]; values: OptionValues; cwd: string }) => Promise<Output>;

const str = (values: OptionValues, name: string): string | undefined => (typeof values[name] === 'string' ? values[name] : undefined);
const int = (values: OptionValues, name: string): number | undefined => {
  const v = str(values, name);
  return v === undefined ? undefined : parsePositiveInt(v, name);
};
const timeoutOf = (values: OptionValues) => {
  const v = str(values, 'timeout');
  return v === undefined ? undefined : parseDuration(v, 'timeout');
};

/** `--payload` as JSON, or `@file` holding JSON (read relative to `cwd`). */
function payloadOf(values: OptionValues, cwd: string): unknown {
  const raw = str(values, 'payload');
  if (raw === undefined) return {};
  const text = raw.startsWith('@') ? readFileSync(resolve(cwd, raw.slice(1)), 'utf8') : raw;
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new UsageError(`--payload is not JSON${raw.startsWith('@') ? ` (${raw.slice(1)})` : ''}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** A finished job: printed, and exit 0 only when it succeeded (scripts can test `$?`). */
const finishedJob = (job: JobDetail): Output => ({ json: job, text: jobDetail(job), exitCode: job.status === 'succeeded' ? 0 : 1 });

const handlers: Record<string, Handler> = {
  async submit({ client, args, values, cwd }) {
    const job: JobSubmission = {
      type: args[0] as string,
      payload: payloadOf(values, cwd),
      ...(str(values, 'priority') ? { priority: str(values, 'priority') as Priority } : {}),
      ...(str(values, 'key') ? { concurrencyKey: str(values, 'key') } : {}),
      ...(int(values, 'max-attempts') ? { maxAttempts: int(values, 'max-attempts') } : {}),
      ...(int(values, 'timeout-ms') ? { timeoutMs: int(values, 'timeout-ms') } : {}),
      ...(str(values, 'run-at') ? { runAt: str(values, 'run-at') } : {}),
    };
    const timeoutMs = timeoutOf(values);
    const accepted = await client.submit(job, { idempotencyKey: str(values, 'idempotency-key') });
    if (!values.wait) return { json: accepted, text: `accepted ${accepted.jobId}` };
    return finishedJob(await client.waitFor(accepted.jobId, { after: accepted.position, timeoutMs }));
  },
  async 'jobs list'({ client, values }) {
    const page = await client.list({ status: listOption(values.status), type: listOption(values.type), q: str(values, 'q'), limit: int(values, 'limit'), cursor: str(values, 'cursor') });
    return { json: page, text: jobsPage(page) };
  },
  async 'jobs get'({ client, args }) {
    const job = await client.get(args[0] as string);
    return { json: job, text: jobDetail(job) };
  },
  async 'jobs wait'({ client, args, values }) {
    // An id typed by hand may be no job at all: a 404 now, rather than a wait that never ends.
    await client.get(args[0] as string);
    return finishedJob(await client.waitFor(args[0] as string, { status: listOption(values.status) as JobStatus[] | undefined, timeoutMs: timeoutOf(values) }));
  },
  async 'jobs cancel'({ client, args, values }) {
    const answer = await client.cancel(args[0] as string, { reason: str(values, 'reason') });
    return { json: answer, text: `cancellation accepted for ${answer.jobId}` };
  },
  async 'dead-letters list'({ client, values }) {
    const page = await client.deadLetters.list({
      type: str(values, 'type'), cause: str(values, 'cause') as DeadLetterQuery['cause'], status: str(values, 'status') as DeadLetterQuery['status'],
      limit: int(values, 'limit'), cursor: str(values, 'cursor'),
    });
    return { json: page, text: deadLettersPage(page) };
  },
  async 'dead-letters requeue'({ client, values }) {
    const ids = listOption(values.id);
    const reason = str(values, 'reason');
    if (ids) {
      const answers = [];
      for (const id of ids) answers.push(await client.deadLetters.requeue(id, { reason }));
      return { json: { items: answers }, text: answers.map((a) => `requeued ${a.deadLetterId ?? ''} (job ${a.jobId ?? '?'}, attempt ${a.attempt ?? '?'})`).join('\n') };
    }
    const filter: RequeueMatchingRequest = {
      type: str(values, 'type'), cause: str(values, 'cause') as RequeueMatchingRequest['cause'], since: str(values, 'since'), until: str(values, 'until'), limit: int(values, 'limit'), reason,
    };
    if (!values.all && !filter.type && !filter.cause && !filter.since && !filter.until) {
      throw new UsageError('dead-letters requeue needs --id, a filter (--type, --cause, --since, --until) or --all');
    }
    const answer = await client.deadLetters.requeueMatching(filter);
    return { json: answer, text: `requeued ${answer.count ?? 0} dead letter(s)` };
  },
  async 'job-types'({ client }) {
    const types = await client.jobTypes();
    return { json: { items: types }, text: jobTypesTable(types) };
  },
  async 'queues list'({ client, values }) {
    const queues = await client.queues.list({ after: str(values, 'after') });
    return { json: { items: queues }, text: queuesTable(queues) };
  },
  async 'queues pause'({ client, args, values }) {
    const state = await client.queues.pause(args[0] as string, { reason: str(values, 'reason') });
    return { json: state, text: queueState(state) };
  },
  async 'queues resume'({ client, args }) {
    const state = await client.queues.resume(args[0] as string);
    return { json: state, text: queueState(state) };
  },
};

/**
 * Runs one `conveyor` command line and resolves with its exit status: 0 done, 1 a problem (printed on
 * stderr with its detail and field errors) or a job that did not succeed, 2 a usage error.
 */
export async function runCli(argv: readonly string[], deps: CliDeps): Promise<number> {
  try {
    const parsed = parseCommandLine(argv);
    if (parsed.kind === 'help') {
      deps.stdout(`${parsed.text}\n`);
      return 0;
    }
    const config = loadCliConfig(parsed.values, deps.env, deps.cwd);
    const client = createClient({ commandUrl: config.commandUrl, queryUrl: config.queryUrl, ...(config.apiKey ? { apiKey: config.apiKey } : {}), ...(deps.fetch ? { fetch: deps.fetch } : {}) });
    const handler = handlers[parsed.spec.name] as Handler;
    const output = await handler({ client, args: parsed.args, values: parsed.values, cwd: deps.cwd ?? process.cwd() });
    deps.stdout(`${parsed.values.json ? JSON.stringify(output.json, null, 2) : output.text}\n`);
    return output.exitCode ?? 0;
  } catch (err) {
    const failure = formatFailure(err);
    deps.stderr(`${failure.text}\n`);
    return failure.exitCode;
  }
}
