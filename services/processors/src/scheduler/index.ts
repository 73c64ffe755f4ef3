export { startScheduler } from './startScheduler';
export { startScheduleProjector } from './startScheduleProjector';
export { createSchedulerLoop, schedulerDefaults } from './createSchedulerLoop';
export { fireIds } from './fireIds';
export { SCHEDULER_LOCK_CLASS } from './createLeaderLock';

export type { SchedulerDeps, Scheduler } from './startScheduler';
export type { ScheduleProjectorDeps } from './startScheduleProjector';
export type { SchedulerLoopDeps, SchedulerLoop } from './createSchedulerLoop';
