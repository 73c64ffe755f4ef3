-- migrate: no-transaction
-- Search at a million jobs (issue 13): the words of each job stored with its row, in a column of their own with
-- a GIN index, instead of an index over an expression. A search then reads each candidate's stored vector rather
-- than rebuilding it from the search text (regexp_replace + to_tsvector per row), and walking the time index
-- tests a stored value. The words are those 040 indexed: the search text's runs of letters and digits,
-- lower-cased (to_tsvector 'simple').
-- Safe on a big table, as 040: no table rewrite and no long lock. A stored generated column would rewrite every
-- row under an exclusive lock (readers and the projector stopped), so the column is a plain one, written by a
-- trigger with the row and filled for the existing rows in batches of their own transactions (the projector
-- keeps writing; a batch locks at most 5,000 rows). Each statement may run again after an interruption.
alter table jobs add column if not exists search_vector tsvector;
-- The words of a job: the expression of search_text (030_secret_search_text.sql: sealed secrets shown as
-- "[redacted]", then the error message), reduced to words. A BEFORE trigger does not see generated columns yet,
-- so it is computed from the row's payload and error; the query API's tests search through it.
create or replace function jobs_search_vector(payload jsonb, error jsonb) returns tsvector language sql immutable parallel safe as $$ select to_tsvector('simple', regexp_replace(regexp_replace(coalesce(payload::text, ''), '\{"\$secret": "[^"]*"\}', '"[redacted]"', 'g') || ' ' || coalesce(error ->> 'message', ''), '[^[:alnum:]]+', ' ', 'g')) $$;
create or replace function jobs_set_search_vector() returns trigger language plpgsql as $$ begin new.search_vector := jobs_search_vector(new.payload, new.error); return new; end $$;
drop trigger if exists jobs_search_vector_trg on jobs;
create trigger jobs_search_vector_trg before insert or update of payload, error on jobs for each row execute function jobs_set_search_vector();
-- The rows written before the trigger, in job_id order, one transaction per batch.
create or replace procedure jobs_search_vector_backfill(batch int) language plpgsql as $$ declare last uuid := '00000000-0000-0000-0000-000000000000'; upto uuid; begin loop select b.job_id into upto from (select job_id from jobs where job_id > last order by job_id limit batch) b order by b.job_id desc limit 1; exit when upto is null; update jobs set search_vector = jobs_search_vector(payload, error) where job_id > last and job_id <= upto and search_vector is null; commit; last := upto; end loop; end $$;
call jobs_search_vector_backfill(5000);
drop procedure if exists jobs_search_vector_backfill(int);
drop index concurrently if exists jobs_search_vector_idx;
create index concurrently jobs_search_vector_idx on jobs using gin (search_vector);
-- 040's expression index serves nothing any more and cost every projector write its GIN update.
drop index concurrently if exists jobs_search_words_idx;
analyze jobs;
