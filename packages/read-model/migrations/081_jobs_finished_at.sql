-- migrate: no-transaction
-- GET /v1/queues (issue 12, item 3) counts each queue's jobs finished in the last hour: without an index on
-- finished_at that count read the whole jobs table on every request. Partial (only finished jobs have it), and
-- built CONCURRENTLY outside a transaction so the projector keeps writing on a big table; a failed concurrent
-- build leaves an INVALID index, dropped first.
drop index concurrently if exists jobs_finished_at_idx;
create index concurrently jobs_finished_at_idx on jobs (finished_at) where finished_at is not null;
