-- migrate: no-transaction
-- The projector's write cost (issue 13): every event of a job rewrote its row, and each rewrite recomputed the
-- search text (a stored generated column: payload as text, a regexp) and the search words (095's trigger: the
-- same text again, two regexps, to_tsvector), although a job's payload never changes after its submission and
-- its error only on a failure. Both columns are now written by triggers, on insert and on an update that changes
-- the payload or the error; other updates keep the stored values.
-- It also repairs a gap of 095: a rebuilt read model (replay/, `like … including all`) copies no trigger, so the
-- rebuilt jobs table had no search words for its rows nor for later ones. The shadow now gets the triggers from
-- conveyor_attach_job_search (createReadModelSchema), and rows left without words are filled here.
-- Each statement may run again after an interruption; dropping the expression keeps the stored values, no rewrite.
create or replace function jobs_search_text(payload jsonb, error jsonb) returns text language sql immutable parallel safe as $$ select regexp_replace(coalesce(payload::text, ''), '\{"\$secret": "[^"]*"\}', '"[redacted]"', 'g') || ' ' || coalesce(error ->> 'message', '') $$;
alter table jobs alter column search_text drop expression if exists;
-- The words are those of 095: the search text's runs of letters and digits, lower-cased. One function makes them
-- from the text, for the trigger and for the fill below; 095's function of payload and error serves nothing now.
create or replace function jobs_search_words(search_text text) returns tsvector language sql immutable parallel safe as $$ select to_tsvector('simple', regexp_replace(search_text, '[^[:alnum:]]+', ' ', 'g')) $$;
create or replace function jobs_set_search_columns() returns trigger language plpgsql as $$ begin new.search_text := jobs_search_text(new.payload, new.error); new.search_vector := jobs_search_words(new.search_text); return new; end $$;
create or replace function conveyor_attach_job_search(target regclass) returns void language plpgsql as $$ begin execute format('drop trigger if exists jobs_search_vector_trg on %s', target); execute format('drop trigger if exists jobs_search_insert_trg on %s', target); execute format('drop trigger if exists jobs_search_update_trg on %s', target); execute format('create trigger jobs_search_insert_trg before insert on %s for each row execute function jobs_set_search_columns()', target); execute format('create trigger jobs_search_update_trg before update of payload, error on %s for each row when (old.payload is distinct from new.payload or old.error is distinct from new.error) execute function jobs_set_search_columns()', target); end $$;
select conveyor_attach_job_search('jobs');
drop function if exists jobs_set_search_vector();
drop function if exists jobs_search_vector(jsonb, jsonb);
-- Rows a rebuild left without words, in job_id order, one transaction per batch of 5,000.
create or replace procedure jobs_search_backfill(batch int) language plpgsql as $$ declare last uuid := '00000000-0000-0000-0000-000000000000'; upto uuid; begin if not exists (select 1 from jobs where search_vector is null) then return; end if; loop select b.job_id into upto from (select job_id from jobs where job_id > last order by job_id limit batch) b order by b.job_id desc limit 1; exit when upto is null; update jobs set search_text = jobs_search_text(payload, error), search_vector = jobs_search_words(jobs_search_text(payload, error)) where job_id > last and job_id <= upto and search_vector is null; commit; last := upto; end loop; end $$;
call jobs_search_backfill(5000);
drop procedure if exists jobs_search_backfill(int);
