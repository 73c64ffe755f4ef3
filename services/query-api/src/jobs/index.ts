/** The SQL of the job queries (public): the read bench drives pgbench with the very statements the API runs. */
export { jobByIdSql, listJobsSql } from './queries';
export { parseListQuery } from './parseListQuery';
export type { ListQuery } from './parseListQuery';
