export { migrate, migrationsDir } from './migrate';
export { ensureDatabase } from './ensureDatabase';
export { rowToScheduleState } from './scheduleRow';
export type { ScheduleRow } from './scheduleRow';
