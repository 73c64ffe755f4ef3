import deadLetters from './data/deadLetters.json';
import jobTypes from './data/jobTypes.json';
import jobs from './data/jobs.json';
import loadtest from './data/loadtest.json';
import schedule from './data/schedule.json';
import schedules from './data/schedules.json';
import stats from './data/stats.json';

/**
 * The mock API's state: responses recorded from a seeded platform (`npm run seed`), every timestamp
 * moved so the newest is `now`, and changed by the mock commands (submit, cancel, requeue…).
 * Internal to web/src/mocks.
 */
/** A JSON object as the APIs send it. */
export type JsonObject = Record<string, unknown>;

export interface MockStore {
  /** Job details (with timeline), newest first. */
  jobs: JsonObject[];
  deadLetters: JsonObject[];
  /** Schedule details (with runs). */
  schedules: JsonObject[];
  loadtests: JsonObject[];
  replays: JsonObject[];
  snapshots: JsonObject[];
  jobTypes: JsonObject;
  /** The query API's job-type catalog: the same types, served by one processors worker seen a few seconds ago. */
  catalog: JsonObject;
  stats: JsonObject;
}

const isoTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Every ISO timestamp in `value` moved by `offsetMs` milliseconds (pure). */
export function shiftTimes<T>(value: T, offsetMs: number): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return isoTime.test(v) ? new Date(Date.parse(v) + offsetMs).toISOString() : v;
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}

/** A fresh store whose newest recorded job was submitted at `now` (milliseconds since the epoch). */
export function createMockStore(now = Date.now()): MockStore {
  const newest = Math.max(...(jobs.items as unknown as JsonObject[]).map((job) => Date.parse(String(job.submittedAt))));
  const shift = <T>(value: T) => shiftTimes(structuredClone(value), now - newest);
  const run = shift(loadtest) as unknown as JsonObject;
  const replayAt = new Date(now - 40 * 60_000).toISOString();
  return {
    jobs: shift(jobs.items) as unknown as JsonObject[],
    deadLetters: shift(deadLetters.items) as unknown as JsonObject[],
    schedules: [
      shift(schedule) as unknown as JsonObject,
      ...(shift(schedules.items) as unknown as JsonObject[]).filter((s) => s.scheduleId !== schedule.scheduleId).map((s) => ({ ...s, runs: [] })),
    ],
    loadtests: [run],
    replays: [{
      replayId: '7d0c2a8e-3f4b-4c1e-9a55-2b7f0c9d1e01', kind: 'rebuild', status: 'succeeded', topic: 'conveyor.job-events',
      options: { from: 'earliest' }, from: null, to: null, types: [], dryRun: false, requestedBy: 'cli',
      requestedAt: replayAt, startedAt: replayAt, finishedAt: new Date(now - 39 * 60_000).toISOString(), progress: 1,
      events: { phase: 'done', done: 1284, total: 1284, rate: 2140, etaSeconds: 0, lag: 0 },
      report: { tables: { jobs: { rows: 412, matches: true } } }, error: null,
    }],
    snapshots: [{ schema: 'asof_20261203t0500z', asOf: new Date(now - 60 * 60_000).toISOString(), topic: 'conveyor.job-events', events: 980, builtAt: replayAt, ready: true }],
    jobTypes: jobTypes as unknown as JsonObject,
    catalog: catalogOf(jobTypes.items as unknown as JsonObject[], now),
    stats: shift(stats) as unknown as JsonObject,
  };
}

/** The catalog as GET /v1/job-types of the query API answers it, for the recorded types (each version 1, queue default). */
function catalogOf(types: JsonObject[], now: number): JsonObject {
  const registeredAt = new Date(now - 3 * 60 * 60_000).toISOString();
  const lastSeenAt = new Date(now - 7_000).toISOString();
  const worker = { workerId: 'processors-7f9c-1', host: 'processors-7f9c', queues: ['default'], lastSeenAt };
  return {
    items: types.map((t) => ({
      type: t.type, version: 1, queue: 'default', description: t.description, sideEffects: t.sideEffects, payloadSchema: t.payloadSchema,
      versions: [{ version: 1, queue: 'default', description: t.description, sideEffects: t.sideEffects, defaults: t.defaults, payloadSchema: t.payloadSchema, firstRegisteredAt: registeredAt, lastRegisteredAt: registeredAt }],
      workers: [worker], lastSeenAt,
    })),
  };
}
