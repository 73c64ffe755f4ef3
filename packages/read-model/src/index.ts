export { migrate, migrationsDir } from './migrate';
export { rebuildTargets } from './rebuildTargets';
export { countPositionsBehind, formatLogPositions, maxPositions, parseLogPositions, positionHeader } from './logPositions';
export { ensureDatabase } from './ensureDatabase';
export { advisoryLocks } from './advisoryLocks';
export { asOfSchemaName, createReadModelSchema, dropReadModelSchema, readModelTables } from './createReadModelSchema';
export { rowToScheduleState } from './rows/schedulesRow';
export { jobApiColumns, toJob, toJobState, toProjectedJob } from './rows/jobsRow';
export { deadLetterCauses, deadLetterStatuses, toDeadLetterItem } from './rows/deadLettersRow';
export { toTimelineEntry } from './rows/jobEventsRow';

export type { RebuildTarget } from './rebuildTargets';
export type { ScheduleRow } from './rows/schedulesRow';
export type { Job, JobApiColumns, JobsTableRow, ProjectedJob } from './rows/jobsRow';
export type { JobEventsTableRow, TimelineEntry, TimelineRow } from './rows/jobEventsRow';
export type { LogPosition } from './logPositions';
export type { JobStatsBucket, JobStatsCounts, JobStatsDelta } from './rows/jobStatsMinuteRow';
export type { FireRecord, ScheduleRunsTableRow } from './rows/scheduleRunsRow';
export type { DeadLetterItem, DeadLettersTableRow } from './rows/deadLettersRow';
