import { rateLimitedResponse } from '@conveyor/rate-limit';
import { documentHead, json, operationalPaths, problem, problemSchema, ref } from '@conveyor/runtime';
import { withSecurity } from '@conveyor/auth';
import { deadLetterComponents, deadLetterPaths } from './deadLetters/openApi';
import { scheduleComponents, schedulePaths } from './schedules/openApi';
import { jobTypeComponents, jobTypePaths } from './jobTypes/openApi';
import { queueComponents, queuePaths } from './queues/openApi';
import { webhookComponents, webhookPaths } from './webhooks/openApi';
import { asOfParameter, replayComponents, replayPaths } from './replays/openApi';
import { identityComponents, identityPaths } from './identity/openApi';
import { jobSorts } from './jobs/cursor';
import { defaultLimit, jobStatuses, maxLimit, minSearchChars } from './jobs/parseListQuery';
import { afterParameterDoc, afterResponses } from './positions/openApi';
import { statsWindows } from './stats/statsWindow';

/** Paths served by `operationalRoutes` (a middleware, not the router); documented here too. */
export const middlewarePaths = ['/healthz', '/readyz'] as const;

const query = (name: string, schema: object, description: string) => ({ name, in: 'query', required: false, schema, description });
const time = { type: 'string', format: 'date-time' };
const nullable = (schema: object) => ({ oneOf: [schema, { type: 'null' }] });
const ms = { type: ['integer', 'null'], description: 'milliseconds' };
const percentiles = {
  type: 'object', required: ['p50', 'p95', 'p99'], description: 'Upper bounds of log-scale histogram buckets (≤ ~10% high), in milliseconds; null without samples.',
  properties: { p50: { type: ['number', 'null'] }, p95: { type: ['number', 'null'] }, p99: { type: ['number', 'null'] } },
};
const badQuery = { 400: problem('A query parameter is invalid (VALIDATION_FAILED, one entry per parameter in `errors`).') };

/**
 * The OpenAPI 3.1 document of the query API (public). Enumerations come from the constants the parsers
 * use; a test checks that its paths are exactly the routes.
 */
export function openApiDocument() {
  return withSecurity({
    ...documentHead({
      title: 'Conveyor query API', localPort: 3002,
      description: 'Reads the job read models: jobs, timelines, statistics and a live stream of changes. Every error is an RFC 7807 problem (application/problem+json). '
        + 'Reads take `?after=<Conveyor-Position>` (from a command API answer) to see that command\'s effect.',
    }),
    paths: {
      '/v1/jobs': {
        get: {
          operationId: 'listJobs',
          summary: 'Jobs, newest first by default, filtered and paginated by cursor',
          parameters: [
            query('status', { type: 'string' }, `Comma-separated statuses: ${jobStatuses.join(', ')}.`),
            query('type', { type: 'string' }, 'Comma-separated job types.'),
            query('from', time, 'Submitted at or after (ISO 8601 with offset).'),
            query('to', time, 'Submitted before (ISO 8601 with offset).'),
            query('q', { type: 'string', minLength: minSearchChars, maxLength: 200 }, `Text searched (case-insensitive) in the payload and the error message, at least ${minSearchChars} characters: the jobs whose text holds q, each of its words (runs of letters and digits) being a whole word of the text; a q without letters or digits is matched literally.`),
            query('sort', { enum: [...jobSorts], default: '-submittedAt' }, 'Sort order.'),
            asOfParameter,
            query('limit', { type: 'integer', minimum: 1, maximum: maxLimit, default: defaultLimit }, 'Page size.'),
            query('cursor', { type: 'string' }, '`nextCursor` of the previous page (same sort).'),
            afterParameterDoc,
          ],
          responses: { 200: { description: 'A page of jobs.', content: json(ref('JobPage')) }, ...afterResponses, ...rateLimitedResponse('read') },
        },
      },
      '/v1/jobs/{id}': {
        get: {
          operationId: 'getJob',
          summary: 'A job and its timeline (events ordered by time, then log offset)',
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }, asOfParameter, afterParameterDoc,
          ],
          responses: {
            200: { description: 'The job.', content: json({ allOf: [ref('Job'), { type: 'object', required: ['timeline'], properties: { timeline: { type: 'array', items: ref('TimelineEntry') } } }] }) },
            ...afterResponses,
            400: problem('The id is not a UUID, or a query parameter is invalid.'),
            404: problem('No such job (yet, without `after`: the read model follows the log within moments).'),
          },
        },
      },
      '/v1/stats': {
        get: {
          operationId: 'getStats',
          summary: 'Counters, success rate, throughput and latency percentiles of a window, by type and over time',
          parameters: [
            query('window', { enum: Object.keys(statsWindows), default: '1h' },
              `Window; buckets of ${Object.entries(statsWindows).map(([w, s]) => `${s.bucketSeconds / 60} min for ${w}`).join(', ')}.`),
            query('type', { type: 'string' }, 'Comma-separated job types (default: all).'),
          ],
          responses: { 200: { description: 'The statistics.', content: json(ref('Stats')) }, ...badQuery, ...rateLimitedResponse('read') },
        },
      },
      '/v1/stream': {
        get: {
          operationId: 'streamJobChanges',
          summary: 'Server-Sent Events: `event: job` with a JobChange as `data`, a comment heartbeat every 15 s',
          parameters: [
            query('jobId', { type: 'string', format: 'uuid' }, 'Only changes of this job.'),
            query('type', { type: 'string' }, 'Only changes of jobs of this type.'),
          ],
          responses: {
            200: { description: 'An endless event stream; `data` lines are JobChange JSON.', content: { 'text/event-stream': { schema: { type: 'string', description: '`event: job` lines, each followed by `data: <JobChange as JSON>`.', contentMediaType: 'text/event-stream', contentSchema: ref('JobChange') } } } },
            ...badQuery,
            429: {
              ...problem('The principal holds STREAM_MAX_CONNECTIONS_PER_PRINCIPAL streams, or this server STREAM_MAX_CONNECTIONS (TOO_MANY_STREAMS): close one, or retry after `Retry-After` seconds.'),
              headers: { 'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer' } } },
            },
          },
        },
      },
      '/v1/loadtests': {
        get: {
          operationId: 'listLoadtests',
          summary: 'Recorded load-test runs (`npm run loadtest`), newest first, with settings and a summary of results',
          parameters: [
            query('status', { enum: ['running', 'passed', 'failed', 'aborted'] }, 'Only runs in this status.'),
            query('limit', { type: 'integer', minimum: 1, maximum: 100, default: 20 }, 'Page size.'),
            query('cursor', { type: 'string' }, '`nextCursor` of the previous page.'),
          ],
          responses: { 200: { description: 'A page of runs.', content: json(ref('LoadtestPage')) }, ...badQuery },
        },
      },
      '/v1/loadtests/{id}': {
        get: {
          operationId: 'getLoadtest',
          summary: 'One load-test run with its full results (encoded HDR histograms included)',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
          responses: {
            200: { description: 'The run.', content: json(ref('LoadtestRun')) },
            400: problem('The id is not a UUID.'),
            404: problem('No such run.'),
          },
        },
      },
      ...schedulePaths,
      ...jobTypePaths,
      ...queuePaths,
      ...webhookPaths,
      ...replayPaths,
      ...identityPaths,
      ...deadLetterPaths,
      ...operationalPaths('Postgres answers'),
    },
    components: {
      schemas: {
        ...scheduleComponents,
        ...jobTypeComponents,
        ...queueComponents,
        ...webhookComponents,
        ...replayComponents,
        ...identityComponents,
        ...deadLetterComponents,
        Job: {
          type: 'object',
          required: ['jobId', 'type', 'status', 'priority', 'payload', 'result', 'error', 'attempts', 'maxAttempts', 'timeoutMs', 'runAt', 'nextRunAt',
            'concurrencyKey', 'submittedAt', 'startedAt', 'finishedAt', 'updatedAt', 'durationMs', 'queueWaitMs', 'traceId', 'actor'],
          properties: {
            jobId: { type: 'string', format: 'uuid' }, type: { type: 'string' }, status: { enum: [...jobStatuses] },
            priority: { enum: ['high', 'normal', 'low'] }, payload: {}, result: {},
            error: nullable({ type: 'object', required: ['message', 'code', 'retriable'], properties: { message: { type: 'string' }, code: { type: 'string' }, retriable: { type: 'boolean' } } }),
            attempts: { type: 'integer' }, maxAttempts: { type: 'integer' }, timeoutMs: ms, runAt: nullable(time), nextRunAt: nullable(time),
            concurrencyKey: { type: ['string', 'null'] }, submittedAt: time, startedAt: nullable(time), finishedAt: nullable(time), updatedAt: time,
            durationMs: ms, queueWaitMs: ms,
            progress: { type: ['number', 'null'], minimum: 0, maximum: 1, description: 'The last progress its handler reported (JobProgressed); null before any.' },
            progressMessage: { type: ['string', 'null'] },
            traceId: { type: ['string', 'null'] }, actor: { type: 'string' },
          },
        },
        JobPage: {
          type: 'object', required: ['items', 'nextCursor'],
          properties: { items: { type: 'array', items: ref('Job') }, nextCursor: { type: ['string', 'null'] } },
        },
        TimelineEntry: {
          type: 'object', required: ['eventId', 'eventType', 'occurredAt', 'attempt', 'data', 'partition', 'offset'],
          properties: {
            eventId: { type: 'string', format: 'uuid' }, eventType: { type: 'string' }, occurredAt: time, attempt: { type: ['integer', 'null'] },
            data: { type: 'object', additionalProperties: true, description: 'The event fields (JSON strings parsed) and its actor.' },
            partition: { type: 'integer' }, offset: { type: 'string', description: 'Kafka offset (int64) in decimal.' },
          },
        },
        JobChange: {
          type: 'object', required: ['jobId', 'type', 'status', 'eventType', 'attempts', 'occurredAt'],
          properties: {
            jobId: { type: 'string', format: 'uuid' }, type: { type: 'string' }, status: { enum: [...jobStatuses] },
            eventType: { type: 'string' }, attempts: { type: 'integer' }, occurredAt: time,
          },
        },
        Stats: {
          type: 'object', required: ['from', 'to', 'bucketSeconds', 'totals', 'byType', 'series'],
          properties: {
            from: time, to: time, bucketSeconds: { type: 'integer' },
            totals: {
              type: 'object', required: ['submitted', 'succeeded', 'failed', 'retried', 'cancelled', 'dead', 'successRate', 'throughputPerSec'],
              properties: {
                submitted: { type: 'integer' }, succeeded: { type: 'integer' }, failed: { type: 'integer' }, retried: { type: 'integer' },
                cancelled: { type: 'integer' }, dead: { type: 'integer' },
                successRate: { type: ['number', 'null'], description: 'succeeded / (succeeded + failed)' },
                throughputPerSec: { type: 'number', description: '(succeeded + failed) per second of window' },
              },
            },
            byType: {
              type: 'array',
              items: {
                type: 'object', required: ['type', 'submitted', 'succeeded', 'failed', 'retried', 'successRate', 'durationMs', 'queueWaitMs', 'attempts'],
                properties: {
                  type: { type: 'string' }, submitted: { type: 'integer' }, succeeded: { type: 'integer' }, failed: { type: 'integer' },
                  retried: { type: 'integer' }, cancelled: { type: 'integer' }, dead: { type: 'integer', description: 'Failed jobs moved to the dead letters: a subset of failed.' },
                  successRate: { type: ['number', 'null'] }, durationMs: percentiles, queueWaitMs: percentiles,
                  attempts: { type: 'object', additionalProperties: { type: 'integer' }, description: 'Finished jobs by attempts used: "1".."9", "10+".' },
                },
              },
            },
            series: {
              type: 'array', description: 'Every bucket of every type in byType, oldest first.',
              items: {
                type: 'object', required: ['t', 'type', 'submitted', 'succeeded', 'failed', 'durationMs'],
                properties: { t: time, type: { type: 'string' }, submitted: { type: 'integer' }, succeeded: { type: 'integer' }, failed: { type: 'integer' }, durationMs: percentiles },
              },
            },
          },
        },
        LoadtestPage: {
          type: 'object', required: ['items', 'nextCursor'],
          properties: {
            items: {
              type: 'array',
              items: {
                type: 'object', required: ['id', 'startedAt', 'finishedAt', 'status', 'settings', 'summary'],
                properties: { id: { type: 'string', format: 'uuid' }, startedAt: time, finishedAt: nullable(time), status: { type: 'string' }, settings: { type: 'object', additionalProperties: true }, summary: { description: 'The run\'s summary as the load-test CLI recorded it (rates, latency, passed).' } },
              },
            },
            nextCursor: { type: ['string', 'null'] },
          },
        },
        LoadtestRun: {
          type: 'object', required: ['id', 'startedAt', 'finishedAt', 'status', 'settings', 'results'],
          properties: { id: { type: 'string', format: 'uuid' }, startedAt: time, finishedAt: nullable(time), status: { type: 'string' }, settings: { type: 'object', additionalProperties: true }, results: { description: 'The full results as the load-test CLI recorded them (latency, distributions, timeline).' } },
        },
        Problem: problemSchema,
      },
    },
  }, 'query');
}
