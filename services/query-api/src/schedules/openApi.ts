import { json, problem, ref } from '@conveyor/runtime';
import { afterParameterDoc, afterResponses } from '../positions/openApi';

const time = { type: 'string', format: 'date-time' };

/** The schedule reads of the OpenAPI document (public). */
export const schedulePaths = {
  '/v1/schedules': {
    get: {
      operationId: 'listSchedules', summary: 'Schedules, newest first, with their next fire times and last fire',
      parameters: [
        { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 500, default: 100 } },
        { name: 'cursor', in: 'query', required: false, schema: { type: 'string' }, description: 'nextCursor of the previous page' },
        afterParameterDoc,
      ],
      responses: {
        ...afterResponses,
        200: { description: 'A page of schedules.', content: json({ type: 'object', required: ['items', 'nextCursor'], properties: { items: { type: 'array', items: ref('ScheduleItem') }, nextCursor: { type: ['string', 'null'] } } }) },
      },
    },
  },
  '/v1/schedules/{id}': {
    get: {
      operationId: 'getSchedule', summary: 'One schedule with its last 50 runs and their jobs’ status',
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }, afterParameterDoc],
      responses: {
        ...afterResponses,
        200: { description: 'The schedule.', content: json({ allOf: [ref('ScheduleItem'), { type: 'object', properties: { runs: { type: 'array', items: ref('ScheduleRun') } } }] }) },
        400: problem('The id is not a UUID.'),
        404: problem('No such schedule.'),
      },
    },
  },
};

/** The schedule components of the OpenAPI document (public). */
export const scheduleComponents = {
  ScheduleItem: {
    type: 'object',
    required: ['scheduleId', 'name', 'cron', 'timeZone', 'jobTemplate', 'catchUp', 'maxCatchUp', 'paused', 'createdAt', 'updatedAt', 'lastFiredAt', 'nextFireTimes'],
    properties: {
      scheduleId: { type: 'string', format: 'uuid' }, name: { type: 'string' }, cron: { type: 'string' }, timeZone: { type: 'string' },
      jobTemplate: ref('JobTemplate'), catchUp: { enum: ['skip', 'latest', 'all'] }, maxCatchUp: { type: 'integer' }, paused: { type: 'boolean' },
      createdAt: time, updatedAt: time, lastFiredAt: { type: ['string', 'null'], format: 'date-time' },
      nextFireTimes: { type: 'array', items: time, description: 'The next 5 fire times; empty while paused.' },
    },
  },
  JobTemplate: {
    type: 'object', required: ['type', 'payload'], additionalProperties: true,
    description: 'The job submitted at every fire: a POST /v1/jobs body without runAt, as the command API normalised it.',
    properties: {
      type: { type: 'string' }, payload: {}, priority: { enum: ['high', 'normal', 'low'] }, maxAttempts: { type: 'integer' },
      timeoutMs: { type: ['integer', 'null'] }, concurrencyKey: { type: ['string', 'null'] },
      backoff: { oneOf: [{ type: 'object', required: ['kind', 'delayMs', 'maxDelayMs'], properties: { kind: { enum: ['fixed', 'exponential'] }, delayMs: { type: 'integer' }, maxDelayMs: { type: 'integer' } } }, { type: 'null' }] },
    },
  },
  ScheduleRun: {
    type: 'object', required: ['fireAt', 'firedAt', 'jobId', 'status'],
    properties: { fireAt: time, firedAt: time, jobId: { type: 'string', format: 'uuid' }, status: { type: ['string', 'null'] } },
  },
};
