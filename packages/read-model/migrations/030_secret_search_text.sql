-- Issue 11: the search text never holds a sealed secret. Secret payload fields are stored as
-- {"$secret": "v1:<kid>:…"} envelopes (ciphertext, never plain text); the search text shows each as
-- "[redacted]", as every read path does, so `q` cannot match on them. A generated column's expression
-- cannot be altered before PostgreSQL 17: dropped and added again (its index with it).
drop index if exists jobs_search_idx;
alter table jobs drop column if exists search_text;
alter table jobs add column search_text text generated always as (
  regexp_replace(coalesce(payload::text, ''), '\{"\$secret": "[^"]*"\}', '"[redacted]"', 'g') || ' ' || coalesce(error ->> 'message', '')
) stored;
create index jobs_search_idx on jobs using gin (search_text gin_trgm_ops);
