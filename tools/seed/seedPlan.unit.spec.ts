import { builtinJobTypes, createJobTypeRegistry } from '@conveyor/job-types';
import { parseBatch } from '../../services/command-api/src/jobs/parseSubmission';
import { parseScheduleDefinition } from '../../services/command-api/src/schedules/parseScheduleDefinition';
import { expectedOutcomes, seedJobs, seedSchedules } from './seedPlan';

// The seed goes through the command API: its jobs and schedules must pass the API's own parsers.
const jobTypes = createJobTypeRegistry(builtinJobTypes);
const now = Date.parse('2026-12-03T12:00:00Z');
const webhook = 'http://127.0.0.1:3002/healthz';

describe('seedPlan', () => {
  it('submits jobs the command API accepts, in batches of 25 as the seed sends them', () => {
    const jobs = seedJobs(150, webhook, now);
    for (let i = 0; i < jobs.length; i += 25) expect(parseBatch({ jobs: jobs.slice(i, i + 25) }, jobTypes)).toHaveLength(Math.min(25, jobs.length - i));
  });

  it('mixes every built-in type a user submits, each priority, tenants, dead letters and delayed jobs', () => {
    const jobs = seedJobs(150, webhook, now);
    // webhook.deliver jobs are the processors' own: submitted for the events a webhook subscription matches.
    const submittedByUsers = builtinJobTypes.map((type) => type.type).filter((type) => type !== 'webhook.deliver');
    expect(new Set(jobs.map((job) => job.type))).toEqual(new Set(submittedByUsers));
    expect(new Set(jobs.map((job) => job.priority))).toEqual(new Set(['high', 'normal', 'low']));
    expect(new Set(jobs.map((job) => job.concurrencyKey).filter(Boolean)).size).toBeGreaterThan(1);
    expect(expectedOutcomes(jobs)).toEqual({ deadLetters: 14, delayed: 7 });
    expect(jobs.filter((job) => job.runAt).every((job) => Date.parse(job.runAt as string) > now)).toBe(true);
  });

  it('creates schedules the command API accepts', () => {
    for (const schedule of seedSchedules(webhook)) expect(parseScheduleDefinition(schedule, jobTypes).name).toBe(schedule.name);
  });
});
