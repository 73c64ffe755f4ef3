/**
 * Why a service of `npm start` / `npm run dev` exited, read from its log, and the fix: a newcomer
 * sees the real reason on the terminal instead of a path to a log file (issue 17, item 11).
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';

/** A known failure: how to recognise it in the reason, and the one-line fix. Internal. */
interface KnownFailure {
  pattern: RegExp;
  fix: (match: RegExpMatchArray) => string;
}

/** Known failures, most specific first; the first whose pattern matches the reason wins. */
const KNOWN_FAILURES: KnownFailure[] = [
  {
    pattern: /projected from another Kafka log/,
    fix: () => 'the local Kafka log was replaced (a new clone or a deleted .stack/): run `npm run stack -- reset` (local data starts empty), then start again',
  },
  { pattern: /EADDRINUSE.*?:(\d+)/, fix: (m) => `port ${m[1]} is taken by another process: stop it, or choose other ports (COMMAND_API_PORT, QUERY_API_PORT, PROCESSORS_PORT, WEB_PORT)` },
  { pattern: /ECONNREFUSED.*:5432|PostgreSQL is not reachable/, fix: () => 'PostgreSQL is not running: start it (pg_ctlcluster <version> main start) or point DATABASE_URL at a running server' },
  { pattern: /password authentication failed|role .* does not exist/, fix: () => 'PostgreSQL refused the credentials: correct the user and password in DATABASE_URL' },
  { pattern: /ECONNREFUSED.*:(9092|8081)|KafkaJSConnectionError|KafkaJSNumberOfRetriesExceeded|schema registry/i, fix: () => 'Kafka or the schema registry is not answering: run `npm run stack -- up` (and `npm run stack -- logs` if it fails)' },
  { pattern: /Cannot find (module|package)/, fix: () => 'dependencies are missing or stale: run `npm ci`' },
  { pattern: /^invalid configuration/m, fix: () => 'correct the environment variables named above (the service\'s src/config.ts lists them with their defaults)' },
];

/** A service failure explained: the reason from its log, and the fix when the failure is known. Public. */
export interface FailureExplanation {
  reason: string;
  fix?: string;
}

/**
 * Reads the log written since byte `fromByte` (the size when the service started) and returns the
 * last fatal or error line's error message (pino JSON), else the last plain lines (a configuration
 * error goes to stderr before any logger exists). Undefined when the log says nothing. Public.
 */
export function explainFailure(logFile: string, fromByte = 0): FailureExplanation | undefined {
  return explainOutput(readSince(logFile, fromByte));
}

/** {@link explainFailure} of a service's output already in memory (pure). Public. */
export function explainOutput(output: string): FailureExplanation | undefined {
  const reason = lastReason(output);
  if (!reason) return undefined;
  for (const known of KNOWN_FAILURES) {
    const match = reason.match(known.pattern);
    if (match) return { reason, fix: known.fix(match) };
  }
  return { reason };
}

/** The size of a log file in bytes (0 when it does not exist yet): pass it to {@link explainFailure}. Public. */
export function logSize(logFile: string): number {
  return existsSync(logFile) ? statSync(logFile).size : 0;
}

/** Pure: the reason in a log's text. Internal, exported for tests. */
export function lastReason(text: string): string | undefined {
  const lines = text.split('\n').map((line) => line.trim()).filter(Boolean);
  for (let i = lines.length - 1; i >= 0; i -= 1) {
    const entry = parseJson(lines[i] as string);
    if (!entry || (entry.level !== 'fatal' && entry.level !== 'error')) continue;
    const err = entry.err as { message?: unknown } | undefined;
    const message = typeof err?.message === 'string' ? err.message : undefined;
    return [typeof entry.msg === 'string' ? entry.msg : undefined, message].filter(Boolean).join(': ');
  }
  const plain = lines.filter((line) => !parseJson(line) && !/^at /.test(line));
  // A configuration error lists one problem a line under its heading: keep them all.
  const heading = plain.map((line) => /^invalid configuration/.test(line)).lastIndexOf(true);
  if (heading !== -1) return plain.slice(heading).join('\n');
  return plain.length > 0 ? plain.slice(-3).join('\n') : undefined;
}

function parseJson(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** At most the last 256 KiB written since `fromByte`. */
function readSince(logFile: string, fromByte: number): string {
  if (!existsSync(logFile)) return '';
  const size = statSync(logFile).size;
  const start = Math.max(fromByte, size - 256 * 1024);
  if (start >= size) return '';
  const fd = openSync(logFile, 'r');
  try {
    const buffer = Buffer.alloc(size - start);
    readSync(fd, buffer, 0, buffer.length, start);
    return buffer.toString('utf8');
  } finally {
    closeSync(fd);
  }
}
