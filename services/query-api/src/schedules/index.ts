export { scheduleRoutes } from './routes';
export { createScheduleQueries, toScheduleItem } from './queries';

export type { ScheduleRoutesDeps } from './routes';
export type { ScheduleQueries, ScheduleItem, ScheduleRun, ScheduleListQuery } from './queries';
