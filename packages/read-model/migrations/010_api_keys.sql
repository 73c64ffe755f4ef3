-- API keys (issue 11). `api_keys` is projected from ApiKeyCreated/ApiKeyRotated/ApiKeyRevoked on
-- conveyor.admin-events by the processors' identity projection, offsets in projection_offsets in the same
-- transaction, so a rebuild from the log keeps every key. Only the SHA-256 of a key is stored, with its
-- 8-character prefix (the lookup key); the key itself is shown once, by the command API.
create table if not exists api_keys (
  key_id      uuid primary key,
  admin_topic text not null,
  name        text not null,
  prefix      text not null,
  key_hash    text not null,
  roles       text[] not null,
  expires_at  timestamptz,
  rate_limits jsonb,
  created_at  timestamptz not null,
  created_by  text not null,
  rotated_at  timestamptz,
  revoked_at  timestamptz,
  revoked_by  text
);
create unique index if not exists api_keys_prefix_idx on api_keys (prefix);

-- Written by the APIs, not the projection (a use is not a fact of the log): at most once a minute per key.
create table if not exists api_key_usage (
  key_id       uuid primary key,
  last_used_at timestamptz not null
);
