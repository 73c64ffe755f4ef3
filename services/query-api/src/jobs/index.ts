/** The job queries and their SQL (public): the read bench drives pgbench with the very statements the API runs, and the search bench the API's queries. */
export { createJobQueries, jobByIdSql, listJobsSql, planListSearch } from './queries';
export { createWordShares } from './wordShares';
export { parseListQuery } from './parseListQuery';
export type { ListQuery } from './parseListQuery';
