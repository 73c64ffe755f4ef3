import { z } from 'zod';
import { json, problem, ref } from '@conveyor/runtime';
import { scheduleSchema } from './parseScheduleDefinition';
import { positioned } from '../http/positionedResponse';
import { requestHeaders } from '../http/requestHeaders';

const actor = [requestHeaders.actor, requestHeaders.traceparent];
const id = [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }, ...actor];
const invalid = {
  400: problem('Malformed JSON, a field of the wrong type, an invalid cron expression or time zone.'),
  413: problem('The body is too large.'),
  415: problem('The content type is not application/json.'),
  422: problem("The job template's type is unknown or its payload does not match the type's schema."),
  503: problem('Kafka did not acknowledge the event in time.'),
};

/** The schedule commands of the OpenAPI document (public). */
export const schedulePaths = {
  '/v1/schedules': {
    post: {
      operationId: 'createSchedule', summary: 'Create a cron schedule that submits a job at every fire time', parameters: actor,
      requestBody: { required: true, content: json(ref('ScheduleDefinition')) },
      responses: { 201: positioned({
        description: 'ScheduleCreated is durable in Kafka.', content: json(ref('Schedule')),
        headers: { Location: { description: 'The schedule: /v1/schedules/{scheduleId}.', schema: { type: 'string' } } },
      }), ...invalid, 409: problem('The principal has MAX_SCHEDULES_PER_PRINCIPAL schedules already (QUOTA_EXCEEDED): delete one first.') },
    },
  },
  '/v1/schedules/{id}': {
    put: {
      operationId: 'replaceSchedule', summary: 'Replace a schedule (fires missed before the change are not caught up)', parameters: id,
      requestBody: { required: true, content: json(ref('ScheduleDefinition')) },
      responses: { 200: positioned({ description: 'ScheduleUpdated is durable in Kafka.', content: json(ref('Schedule')) }), ...invalid, 404: problem('No such schedule.') },
    },
    delete: {
      operationId: 'deleteSchedule', summary: 'Delete a schedule', parameters: id,
      responses: { 204: positioned({ description: 'ScheduleDeleted is durable in Kafka.' }), 404: problem('No such schedule.'), 503: invalid[503] },
    },
  },
  '/v1/schedules/{id}/pause': {
    post: {
      operationId: 'pauseSchedule', summary: 'Pause a schedule', parameters: id,
      responses: { 200: positioned({ description: 'SchedulePaused is durable in Kafka.', content: json(ref('SchedulePauseState')) }), 404: problem('No such schedule.'), 409: problem('Already paused.'), 503: invalid[503] },
    },
  },
  '/v1/schedules/{id}/resume': {
    post: {
      operationId: 'resumeSchedule', summary: 'Resume a paused schedule (the fires of the pause are not caught up)', parameters: id,
      responses: { 200: positioned({ description: 'ScheduleResumed is durable in Kafka.', content: json(ref('SchedulePauseState')) }), 404: problem('No such schedule.'), 409: problem('Not paused.'), 503: invalid[503] },
    },
  },
};

const { $schema: _ignored, ...generated } = z.toJSONSchema(scheduleSchema, { io: 'input' });
// The template is parsed as a job submission after the definition (parseScheduleDefinition): say so in the document.
const definition = {
  ...generated,
  properties: { ...generated.properties, jobTemplate: { ...ref('JobSubmission'), description: 'A job submission as POST /v1/jobs takes it, without runAt.' } },
};

/** The schedule components of the OpenAPI document (public). */
export const scheduleComponents = {
  ScheduleDefinition: definition,
  Schedule: {
    allOf: [ref('ScheduleDefinition'), {
      type: 'object', required: ['scheduleId', 'paused', 'nextFireTimes'],
      properties: { scheduleId: { type: 'string', format: 'uuid' }, paused: { type: 'boolean' }, nextFireTimes: { type: 'array', items: { type: 'string', format: 'date-time' } } },
    }],
  },
  SchedulePauseState: { type: 'object', required: ['scheduleId', 'paused'], properties: { scheduleId: { type: 'string', format: 'uuid' }, paused: { type: 'boolean' } } },
};
