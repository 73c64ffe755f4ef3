-- Queue states (issue 12, item 3): whether each queue is paused, projected from QueuePaused and QueueResumed on
-- conveyor.admin-events (the queue-states projection); rows carry the admin topic so instances on other
-- TOPIC_PREFIXes (tests) keep states of their own. A queue never paused has no row: it is running.
create table if not exists queue_states (
  admin_topic  text not null,
  queue        text not null,
  paused       boolean not null,
  -- When the last pause or resume happened, and who asked for it.
  changed_at   timestamptz not null,
  changed_by   text not null,
  primary key (admin_topic, queue)
);
