import type { JobRequest } from './http/commandClient';
import type { LoadTestSettings } from './parseArgs';
import { priorityAt } from './priorityMix';

/** The expected ending of a job the generator sends. */
export type Expectation = 'success' | 'failure';

/**
 * The job to send as the i-th arrival (pure): the main type with its payload padded to `payloadBytes`,
 * except every job that falls in the `failRatio` share, which is a non-retriable `fail` job.
 */
export function buildJob(settings: Pick<LoadTestSettings, 'type' | 'payloadBytes' | 'priorityMix' | 'sleepMs' | 'failRatio' | 'maxAttempts'>, index: number, sinkUrl: string | null): { job: JobRequest; expect: Expectation } {
  const priority = priorityAt(settings.priorityMix, index);
  const pad = settings.payloadBytes > 0 ? 'x'.repeat(settings.payloadBytes) : undefined;
  // Spread failures evenly: job i fails when the running count of failures crosses an integer.
  const fails = settings.failRatio > 0 && Math.floor((index + 1) * settings.failRatio) > Math.floor(index * settings.failRatio);
  if (fails) {
    return { job: { type: 'fail', payload: { message: 'load-test failure', retriable: false }, priority, maxAttempts: 1 }, expect: 'failure' };
  }
  let payload: unknown;
  switch (settings.type) {
    case 'noop':
      payload = pad ? { n: index, pad } : { n: index };
      break;
    case 'sleep':
      payload = { ms: settings.sleepMs };
      break;
    case 'http.request':
      if (!sinkUrl) throw new Error('http.request jobs need a sink URL');
      payload = { method: 'POST', url: sinkUrl, body: pad ? { n: index, pad } : { n: index } };
      break;
    default: {
      const never: never = settings.type;
      throw new Error(`unknown type ${String(never)}`);
    }
  }
  return { job: { type: settings.type, payload, priority, maxAttempts: settings.maxAttempts }, expect: 'success' };
}
