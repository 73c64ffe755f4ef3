/**
 * What `npm run seed` submits, as data (pure): a day in the life of a small platform. Several job
 * types and priorities, tenants sharing concurrency keys, retries that recover, failures that end
 * in dead letters, jobs due later, and a few schedules.
 */

/** One job as `POST /v1/jobs` takes it. Public. */
export interface SeedJob {
  type: string;
  payload: Record<string, unknown>;
  priority?: 'high' | 'normal' | 'low';
  maxAttempts?: number;
  backoff?: { kind: 'fixed'; delayMs: number; maxDelayMs: number };
  timeoutMs?: number;
  runAt?: string;
  concurrencyKey?: string;
}

/** One schedule as `POST /v1/schedules` takes it. Public. */
export interface SeedSchedule {
  name: string;
  cron: string;
  timeZone: string;
  catchUp: 'skip' | 'latest' | 'all';
  jobTemplate: SeedJob;
}

/** Retries a second apart, so failures reach their dead letter within the seed's minute. */
const quickRetry = { kind: 'fixed', delayMs: 1000, maxDelayMs: 1000 } as const;
const priorities = ['normal', 'normal', 'high', 'normal', 'low'] as const;
const tenants = ['tenant-acme', 'tenant-globex', 'tenant-initech', 'tenant-umbrella'];

/**
 * `count` jobs, the same for the same arguments: `webhookUrl` receives the http.request jobs (a
 * URL that answers 2xx), `now` (in milliseconds since the epoch) places the delayed ones. Public.
 */
export function seedJobs(count: number, webhookUrl: string, now: number): SeedJob[] {
  return Array.from({ length: count }, (_, i): SeedJob => {
    const priority = priorities[i % priorities.length];
    const concurrencyKey = i % 3 === 0 ? tenants[i % tenants.length] : undefined;
    const common = { priority, ...(concurrencyKey ? { concurrencyKey } : {}) };
    switch (i % 20) {
      case 0: case 5: case 10:
        return { ...common, type: 'http.request', payload: { method: 'GET', url: webhookUrl, timeoutMs: 5000 }, maxAttempts: 3 };
      case 1: case 7: case 13:
        return { ...common, type: 'sleep', payload: { ms: 200 + ((i * 137) % 1800) }, timeoutMs: 10_000 };
      case 3:
        return { ...common, type: 'stats.report', payload: { window: i % 40 === 3 ? '24h' : '1h' } };
      case 9:
        // Recovers on its second attempt: a retry in the timeline, no dead letter.
        return { ...common, type: 'fail', payload: { message: 'upstream returned 503', times: 1 }, maxAttempts: 3, backoff: quickRetry };
      case 11:
        return { ...common, type: 'fail', payload: { message: 'invoice template missing', retriable: false }, maxAttempts: 3 };
      case 17:
        return { ...common, type: 'fail', payload: { message: 'connection reset by partner API' }, maxAttempts: 2, backoff: quickRetry };
      case 19:
        return { ...common, type: 'noop', payload: { note: 'due in a few minutes' }, runAt: new Date(now + (2 + (i % 5)) * 60_000).toISOString() };
      default:
        return { ...common, type: 'noop', payload: { order: i } };
    }
  });
}

/** The seed's schedules; their names identify them, so a second seed does not add them again. Public. */
export function seedSchedules(webhookUrl: string): SeedSchedule[] {
  return [
    { name: 'seed: nightly report', cron: '0 3 * * *', timeZone: 'Europe/Paris', catchUp: 'latest', jobTemplate: { type: 'stats.report', payload: { window: '24h' } } },
    { name: 'seed: heartbeat every 5 minutes', cron: '*/5 * * * *', timeZone: 'UTC', catchUp: 'skip', jobTemplate: { type: 'noop', payload: { heartbeat: true }, priority: 'low' } },
    {
      name: 'seed: hourly partner sync', cron: '15 * * * *', timeZone: 'America/New_York', catchUp: 'skip',
      jobTemplate: { type: 'http.request', payload: { method: 'GET', url: webhookUrl }, concurrencyKey: 'tenant-acme', maxAttempts: 5 },
    },
  ];
}

/** How many of {@link seedJobs} end in a dead letter, and how many are due later. Public. */
export function expectedOutcomes(jobs: SeedJob[]): { deadLetters: number; delayed: number } {
  return {
    deadLetters: jobs.filter((job) => job.type === 'fail' && job.payload.times === undefined).length,
    delayed: jobs.filter((job) => job.runAt !== undefined).length,
  };
}
