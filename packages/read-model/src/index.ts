export { migrate, migrationsDir } from './migrate';
export { ensureDatabase } from './ensureDatabase';
export { advisoryLocks } from './advisoryLocks';
export { asOfSchemaName, createReadModelSchema, dropReadModelSchema, readModelTables } from './createReadModelSchema';
export { rowToScheduleState } from './rows/schedulesRow';
export { jobApiColumns, toJob, toJobState, toProjectedJob } from './rows/jobsRow';
export { deadLetterCauses, deadLetterStatuses, toDeadLetterItem } from './rows/deadLettersRow';

export type { ScheduleRow } from './rows/schedulesRow';
export type { Job, JobApiColumns, JobsTableRow, ProjectedJob } from './rows/jobsRow';
export type { LogPosition, TimelineRow } from './rows/jobEventsRow';
export type { JobStatsBucket, JobStatsCounts, JobStatsDelta } from './rows/jobStatsMinuteRow';
export type { FireRecord, ScheduleRunsTableRow } from './rows/scheduleRunsRow';
export type { DeadLetterItem, DeadLettersTableRow } from './rows/deadLettersRow';
