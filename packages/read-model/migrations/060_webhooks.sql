-- Webhooks (issue 12): subscriptions projected from the admin log, deliveries from their jobs' events.

-- `webhook_subscriptions` is projected from WebhookSubscriptionCreated/Deleted on conveyor.admin-events.
-- The signing secret is kept sealed (SECRETS_KEYS), as in the log: only the executor opens it, to sign.
create table if not exists webhook_subscriptions (
  subscription_id uuid primary key,
  admin_topic     text not null,
  url             text not null,
  event_types     text[] not null,
  job_types       text[] not null,
  sealed_secret   text not null,
  description     text,
  created_at      timestamptz not null,
  created_by      text not null,
  deleted_at      timestamptz,
  deleted_by      text
);
create index if not exists webhook_subscriptions_active_idx on webhook_subscriptions (admin_topic) where deleted_at is null;

-- One row per webhook.deliver job (its job id derives from the subscription and the delivered event),
-- projected from that job's events on conveyor.job-events: the delivery history of a subscription.
create table if not exists webhook_deliveries (
  job_id               uuid primary key,
  subscription_id      uuid not null,
  event_type           text not null,
  message_id           text not null,
  status               text not null,
  attempts             int not null default 0,
  last_response_status int,
  last_error           text,
  created_at           timestamptz not null,
  updated_at           timestamptz not null
);
create index if not exists webhook_deliveries_subscription_idx on webhook_deliveries (subscription_id, created_at desc, job_id desc);
