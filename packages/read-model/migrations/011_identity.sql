-- Users' roles and the audit trail (issue 11).
-- `user_roles` is projected from UserRolesAssigned on conveyor.admin-events (identity projection).
create table if not exists user_roles (
  subject     text primary key,
  roles       text[] not null,
  updated_at  timestamptz not null,
  updated_by  text not null
);

-- Written by the APIs when a user's token is accepted (at most once a minute per process): who was seen.
create table if not exists user_logins (
  subject      text primary key,
  name         text not null,
  token_roles  text[] not null,
  last_seen_at timestamptz not null
);

-- The audit trail of the admin log's identity events (keys, user roles), projected with `api_keys`.
-- GET /v1/audit reads it together with the actors of job events, dead-letter discards, schedules and replays.
create table if not exists identity_audit (
  event_id    uuid primary key,
  admin_topic text not null,
  occurred_at timestamptz not null,
  actor       text not null,
  action      text not null,
  subject_id  text not null
);
create index if not exists identity_audit_time_idx on identity_audit (occurred_at desc);
