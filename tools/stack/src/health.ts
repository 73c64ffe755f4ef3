import { Kafka, logLevel } from 'kafkajs';
import { StackError } from './StackError';
import { isPortOpen } from './ports';
import { sleep } from './sleep';

/** The answer of one health check: ok, or why not. Internal. */
export type Health = { ok: true } | { ok: false; reason: string };

const OK: Health = { ok: true };
const notOk = (reason: string): Health => ({ ok: false, reason });

/**
 * Polls `check` every `intervalMs` milliseconds until it is ok. Fails with a {@link StackError}
 * carrying the last reason after `timeoutMs`, or as soon as `isRunning` says the process died. Internal.
 */
export async function waitUntilHealthy(
  label: string,
  check: () => Promise<Health>,
  options: { timeoutMs: number; intervalMs?: number; isRunning: () => boolean; logHint: string },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let last: Health = notOk('not checked yet');
  while (Date.now() < deadline) {
    if (!options.isRunning()) throw new StackError(`${label} exited while starting; see ${options.logHint}`);
    last = await check();
    if (last.ok) return;
    await sleep(options.intervalMs ?? 500);
  }
  const reason = last.ok ? '' : last.reason;
  throw new StackError(`${label} did not become healthy within ${options.timeoutMs / 1000} s (${reason}); see ${options.logHint}`);
}

/** Ok when `url` answers 200 within 3 s. Internal. */
export async function httpHealth(url: string): Promise<Health> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(3000) });
    await response.arrayBuffer();
    return response.status === 200 ? OK : notOk(`GET ${url} answered ${response.status}`);
  } catch (error) {
    return notOk(`GET ${url} failed: ${describe(error)}`);
  }
}

/**
 * Ok when the broker accepts connections, describes its cluster, and every group coordinator
 * answers for `probeGroups` (one group per `__consumer_offsets` partition, see probeGroupIds).
 * kafkajs retries are off so a loading coordinator shows up here instead of in a test. Internal.
 */
export async function kafkaHealth(host: string, port: number, probeGroups: string[]): Promise<Health> {
  if (!(await isPortOpen(host, port))) return notOk(`nothing listens on ${host}:${port}`);
  const kafka = new Kafka({
    clientId: 'conveyor-stack-probe',
    brokers: [`${host}:${port}`],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 2000,
    requestTimeout: 5000,
    retry: { retries: 0 },
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    if (cluster.brokers.length === 0) return notOk('the cluster has no broker yet');
    await admin.describeGroups(probeGroups);
    return OK;
  } catch (error) {
    return notOk(describe(error));
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
  }
  return String(error);
}
