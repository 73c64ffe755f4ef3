-- Issue 11: replays can't be abused. A requested or running run has a dedup key (its kind and options,
-- actor and reason left out): a second identical request while it is active is refused with its id.
-- Runs the CLI records carry no key (NULLs never conflict).
alter table replay_runs add column if not exists dedup_key text;
create unique index if not exists replay_runs_active_dedup_idx on replay_runs (topic, dedup_key)
  where status in ('requested', 'running') and dedup_key is not null;

-- As-of snapshots are kept ASOF_RETENTION_HOURS after they were built (or begun, for a build that never
-- finished), then dropped by the processors' replay runner; the command API counts them for ASOF_MAX_SNAPSHOTS.
alter table replay_snapshots add column if not exists created_at timestamptz not null default now();
