-- Dead letters (issue "Job semantics", item 3): projected from conveyor.job-dead-letters (DeadLetter,
-- DeadLetterDiscarded) and from the JobRequeued events of conveyor.job-events by the dead-letter projector
-- (services/processors/src/deadLetters), offsets in projection_offsets (projection 'dead_letters').
-- The three sources are applied as upserts, so their order does not matter: a requeue projected before its
-- letter leaves a row with only the status fields, completed when the letter arrives.
create table if not exists dead_letters (
  id               uuid primary key,
  job_id           uuid,
  type             text,
  cause            text check (cause in ('attempts_exhausted', 'non_retriable', 'poison_message', 'unknown_type')),
  error            jsonb,
  attempts         int,
  origin_topic     text,
  origin_partition int,
  origin_offset    bigint,
  payload          jsonb,
  -- The undecodable bytes of a poison message, base64.
  raw_value        text,
  created_at       timestamptz,
  status           text not null default 'dead' check (status in ('dead', 'requeued', 'discarded', 'quarantined')),
  requeue_count    int not null default 0,
  last_action_at   timestamptz,
  last_action_by   text
);
create index if not exists dead_letters_created_idx on dead_letters (created_at desc, id desc) where created_at is not null;
create index if not exists dead_letters_status_idx on dead_letters (status, created_at desc, id desc);
create index if not exists dead_letters_job_idx on dead_letters (job_id, created_at desc);
