-- Rate limits and quotas (issue 11, part 3).
--
-- Token buckets of the APIs' rate limits, one row per (policy, principal), shared by every API instance.
-- Unlogged: a crash empties the table, which only refills every bucket (a burst allowed once), and no
-- WAL is written for a row that changes on every request. Buckets idle for an hour are pruned. Both APIs
-- write it (the query API too, for its read policy): a role of theirs needs select, insert, update and
-- delete on it.
create unlogged table if not exists rate_limit_buckets (
  bucket_key  text primary key,
  tokens      double precision not null,
  granted     boolean not null,
  refilled_at timestamptz not null
);
create index if not exists rate_limit_buckets_refilled_idx on rate_limit_buckets (refilled_at);

-- Schedules per principal are capped: the principal that created a schedule (the actor of its
-- ScheduleCreated), written by the schedule projection. Schedules created before this migration have none.
alter table schedules add column if not exists created_by text;
create index if not exists schedules_created_by_idx on schedules (created_by) where not deleted;
