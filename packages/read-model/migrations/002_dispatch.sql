-- Dispatcher and executor state. Like the read models, all of it is derived from conveyor.job-events.

-- Attempts that become runnable later: a future runAt, or a retry after backoff. The timer loop
-- publishes each row's work item to `topic` when due_at passes, then deletes it. `topic` is the
-- target work topic, so processors with different TOPIC_PREFIXes (tests) share the table safely.
create table job_timers (
  job_id    uuid not null,
  attempt   int not null,
  due_at    timestamptz not null,
  topic     text not null,
  work_item jsonb not null,
  primary key (job_id, attempt)
);
create index job_timers_due_idx on job_timers (due_at);

-- Jobs cancelled: executor claims refuse them, and their timers are gone.
create table job_cancellations (
  job_id       uuid primary key,
  cancelled_at timestamptz not null
);

-- The attempt-1 work item of each job that has not finished yet: JobRetryScheduled names only the
-- attempt and its due time, so the dispatcher builds the next attempt's work item from this row.
-- Deleted when the job succeeds, fails, is cancelled or dead-lettered.
create table dispatch_jobs (
  job_id     uuid primary key,
  work_item  jsonb not null,
  created_at timestamptz not null default now()
);

-- The outcome events an attempt decided, stored before they are published (an outbox): a worker
-- that takes over the claim of a crashed worker republishes them instead of running the job again.
-- Null while the attempt runs. See services/processors/src/executor/createClaimStore.ts.
alter table executor_claims add column outcome jsonb;
