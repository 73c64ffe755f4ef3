export { migrate, migrationsDir } from './migrate';
export { ensureDatabase } from './ensureDatabase';
export { advisoryLocks } from './advisoryLocks';
export { asOfSchemaName, createReadModelSchema, dropReadModelSchema, readModelTables } from './createReadModelSchema';
export { rowToScheduleState } from './scheduleRow';
export type { ScheduleRow } from './scheduleRow';
