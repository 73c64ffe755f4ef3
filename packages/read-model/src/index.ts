export { migrate, migrationsDir } from './migrate';
export { ensureDatabase } from './ensureDatabase';
