-- Load-test runs, written by `npm run loadtest` (loadtest/src/recordRun.ts) and served by the query API
-- (services/query-api/src/loadtests). `results` holds counts, rates, percentiles and the encoded HDR
-- histograms (HdrHistogram compressed base64), so a run can be re-analysed later.
create table if not exists loadtest_runs (
  id          uuid primary key,
  started_at  timestamptz not null,
  finished_at timestamptz,
  settings    jsonb not null,
  results     jsonb,
  status      text not null check (status in ('running', 'passed', 'failed', 'aborted'))
);
create index if not exists loadtest_runs_started_idx on loadtest_runs (started_at desc, id desc);
