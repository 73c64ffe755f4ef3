-- Kafka topic replay (issue "Kafka topic replay"): services/processors/src/replay, README there.

-- One row per replay run, requested by the command API (POST /v1/admin/replays) or started by
-- `npm run replay`; the replay runner of the processors claims requested rows and reports progress
-- here; the query API serves them (GET /v1/replays). `topic` is the job-events topic of the run, so
-- runs of different TOPIC_PREFIXes (tests) never pick each other's rows.
create table if not exists replay_runs (
  id            uuid primary key,
  kind          text not null check (kind in ('rebuild', 'redrive', 'as-of')),
  topic         text not null,
  options       jsonb not null default '{}',
  status        text not null default 'requested'
                check (status in ('requested', 'running', 'succeeded', 'failed', 'interrupted')),
  requested_by  text not null,
  requested_at  timestamptz not null default now(),
  started_at    timestamptz,
  finished_at   timestamptz,
  -- {phase, done, total, rate (events/s), etaSeconds, lag}
  progress      jsonb,
  -- rebuild: the verification report; redrive: counts; as-of: the snapshot.
  report        jsonb,
  error         text,
  worker_id     text,
  heartbeat_at  timestamptz
);
create index if not exists replay_runs_requested_idx on replay_runs (requested_at desc, id desc);
create index if not exists replay_runs_pending_idx on replay_runs (topic, requested_at) where status = 'requested';

-- As-of snapshots: the read models as they stood at `as_of`, in their own schema (conveyor_asof_<yyyymmddhhmmss>),
-- served by GET /v1/jobs?asOf=.
create table if not exists replay_snapshots (
  schema_name  text primary key,
  topic        text not null,
  as_of        timestamptz not null,
  events       bigint not null default 0,
  built_at     timestamptz,
  run_id       uuid
);

-- Re-drives of dead letters, written BEFORE the re-drive is published (its event ids are derived from the
-- key), so a crash and a re-run publish the same events again at most, never a second re-drive.
-- A letter is a job's death (JobDeadLettered); its n-th re-drive is (job_id, redrive_count = n).
create table if not exists replay_redrives (
  job_id               uuid not null,
  redrive_count        int not null,
  dead_letter_event_id uuid not null unique,
  topic                text not null,
  state                text not null check (state in ('pending', 'sent', 'quarantined')),
  actor                text not null,
  reason               text,
  requeued_event_id    uuid,
  work_item_topic      text,
  created_at           timestamptz not null default now(),
  sent_at              timestamptz,
  primary key (job_id, redrive_count)
);
