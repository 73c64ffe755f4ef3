export { scheduleRoutes } from './routes';
export { createAdminEventPublisher, scheduleEventToMessage } from './adminEventPublisher';
export { createScheduleService } from './scheduleService';
export { createScheduleStateStore } from './scheduleStateStore';
export { parseScheduleDefinition, scheduleSchema } from './parseScheduleDefinition';

export type { ScheduleRoutesDeps } from './routes';
export type { AdminEventPublisherOptions } from './adminEventPublisher';
export type { Published, ScheduleLimits, ScheduleService, ScheduleServiceDeps, ScheduleView } from './scheduleService';
export type { ScheduleStateStore } from './scheduleStateStore';
