-- One database role per service, least privilege (issue 11). Run once per database as its owner, after the
-- migrations (`npm run migrate -- up`), with the passwords set as psql variables:
--   psql "$DATABASE_URL" -v command_pw=… -v processors_pw=… -v query_pw=… -f tools/db/roles.sql
-- Then each service gets its own DATABASE_URL (conveyor_command, conveyor_processors, conveyor_query). Local runs
-- may keep using `postgres`. The processors own the schema: they run the migrations and the rebuilds (which
-- create and swap tables), so they need to create in the schema; the APIs never change the schema.
select format('create role conveyor_command login password %L', :'command_pw')
  where not exists (select 1 from pg_roles where rolname = 'conveyor_command') \gexec
select format('create role conveyor_processors login password %L', :'processors_pw')
  where not exists (select 1 from pg_roles where rolname = 'conveyor_processors') \gexec
select format('create role conveyor_query login password %L', :'query_pw')
  where not exists (select 1 from pg_roles where rolname = 'conveyor_query') \gexec

grant usage on schema public to conveyor_command, conveyor_query;
grant usage, create on schema public to conveyor_processors;
grant select, insert, update, delete on all tables in schema public to conveyor_processors;
grant usage, select, update on all sequences in schema public to conveyor_processors;

-- Command API: reads the read models to decide; writes only idempotency keys, replay requests and key usage.
grant select on all tables in schema public to conveyor_command;
grant insert, update, delete on idempotency_keys, replay_runs, api_key_usage, user_logins, rate_limit_buckets to conveyor_command;

-- Query API: read-only, except what authentication and the rate limiter must record (a key's last use, a
-- user's last login, the principals' token buckets).
grant select on all tables in schema public to conveyor_query;
grant insert, update on api_key_usage, user_logins, rate_limit_buckets to conveyor_query;

-- Tables the processors create later (migrations, rebuild swaps) carry the same grants.
alter default privileges for role conveyor_processors in schema public grant select on tables to conveyor_command, conveyor_query;
