export { evolveSchedule } from './scheduleState';
export { decideSchedule, createSchedule, updateSchedule, pauseSchedule, resumeSchedule, deleteSchedule, scheduleMetadata } from './decideSchedule';
export { cronProblem, isTimeZone, nextFireTimes, previousFireTimes, maxEnumeratedFires } from './cronSchedule';
export { dueFires } from './dueFires';
export { fireSchedule } from './fireSchedule';

export type { JobTemplate, ScheduleDefinition, ScheduleState, ScheduleStatus } from './scheduleState';
export type { CreateSchedule, UpdateSchedule, PauseSchedule, ResumeSchedule, DeleteSchedule, ScheduleCommand } from './decideSchedule';
export type { FiringSchedule, DuePolicy } from './dueFires';
