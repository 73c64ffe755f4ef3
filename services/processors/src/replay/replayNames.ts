/** Names of the schemas a replay builds (pure; every name is a plain lower-case identifier). */

/** `conveyor_shadow_<run>`: where a rebuild projects, its own offsets included. */
export function shadowSchemaName(runId: string): string {
  return `conveyor_shadow_${runId.replace(/-/g, '').slice(0, 16).toLowerCase()}`;
}

/** `conveyor_retired_<run>`: where a swap moves the replaced tables. */
export function retiredSchemaName(runId: string): string {
  return `conveyor_retired_${runId.replace(/-/g, '').slice(0, 16).toLowerCase()}`;
}

export { asOfSchemaName } from '@conveyor/read-model';
