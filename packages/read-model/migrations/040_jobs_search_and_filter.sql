-- migrate: no-transaction
-- GET /v1/jobs at a million jobs (issue 13): the search index, and one for the status + type filter.
-- The trigram index of 001 made every search read the
-- posting lists of trigrams common to most rows ("com", "exa", "htt"…): 60–160 ms for a term with a single
-- match, before any row was read. The search is now by words: the text's runs of letters and digits,
-- lower-cased, in a GIN index over the same generated search_text (an expression index: no table rewrite,
-- no new column to backfill). q matches where its words appear in that order, adjacent, the last one as the
-- beginning of a word (docs/architecture.md, the OpenAPI document).
-- Built CONCURRENTLY, outside a transaction, so the projector keeps writing and readers keep reading on a big
-- table; each statement may run again after an interruption (a failed concurrent build leaves an INVALID
-- index, dropped first).
drop index concurrently if exists jobs_search_words_idx;
create index concurrently jobs_search_words_idx on jobs
  using gin (to_tsvector('simple', regexp_replace(search_text, '[^[:alnum:]]+', ' ', 'g')));
-- The trigram index serves nothing any more and cost every projector write a GIN update per trigram.
drop index concurrently if exists jobs_search_idx;
-- Statistics of the new expression (word frequencies) for the planner's choice between the word index and
-- walking the time index.
analyze jobs;
-- The dashboard's status + type filter: one equality each, read in submitted_at order from the index (the
-- status index alone read and dropped hundreds of rows of other types per page).
drop index concurrently if exists jobs_status_type_idx;
create index concurrently jobs_status_type_idx on jobs (status, type, submitted_at desc, job_id desc);
