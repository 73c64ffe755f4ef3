export { jobTypeRoutes } from './routes';
export { createJobTypeQueries } from './queries';

export type { JobTypeItem, JobTypeQueries } from './queries';
