import { jobEventNames, type JobEvent } from '@conveyor/events';
import type { LogPosition, TimelineRow } from '@conveyor/read-model';
import { traceIdOf } from '@conveyor/runtime';

/** The `job_events` projection: every job event is one timeline row. */
export const timelineProjection = { name: 'job_events', handles: jobEventNames } as const;

/** The timeline row of an event at a log position (pure). */
export function timelineRow(event: JobEvent, position: LogPosition): TimelineRow {
  const { meta, ...fields } = event.data;
  const data: Record<string, unknown> = { actor: meta.actor, causationId: meta.causationId, replay: meta.replay };
  for (const [key, value] of Object.entries(fields)) {
    // payloadJson / resultJson carry JSON as text: store it as JSON so the timeline reads naturally.
    if (key.endsWith('Json') && typeof value === 'string') data[key.slice(0, -4)] = parseJson(value);
    else data[key] = value;
  }
  return {
    eventId: meta.eventId,
    jobId: meta.jobId,
    eventType: event.type,
    occurredAt: meta.occurredAt,
    attempt: 'attempt' in event.data ? event.data.attempt : null,
    data,
    ...position,
    traceId: traceIdOf(meta.traceparent),
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
