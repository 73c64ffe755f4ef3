import type { JobTypeDefinition } from './defineJobType';
import { fail } from './builtins/fail';
import { httpRequest } from './builtins/httpRequest';
import { noop } from './builtins/noop';
import { sleep } from './builtins/sleep';
import { statsReport } from './builtins/statsReport';
import { webhookDeliver } from './builtins/webhookDeliver';

/** The job types Conveyor ships with. */
export const builtinJobTypes: ReadonlyArray<JobTypeDefinition<any, unknown>> = [httpRequest, noop, sleep, statsReport, fail, webhookDeliver]; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A registry of job types by name; refuses duplicate names at start. */
export function createJobTypeRegistry(definitions: ReadonlyArray<JobTypeDefinition<any, unknown>> = builtinJobTypes) { // eslint-disable-line @typescript-eslint/no-explicit-any
  const byType = new Map<string, JobTypeDefinition<unknown, unknown>>();
  for (const d of definitions) {
    if (byType.has(d.type)) throw new Error(`job type ${d.type} is defined twice`);
    byType.set(d.type, d as JobTypeDefinition<unknown, unknown>);
  }
  return {
    get: (type: string) => byType.get(type),
    list: () => [...byType.values()],
    types: () => [...byType.keys()],
  };
}

export type JobTypeRegistry = ReturnType<typeof createJobTypeRegistry>;
