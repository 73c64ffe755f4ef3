-- Progress of a running job (issue 12): the last JobProgressed its handler reported, 0 to 1, and its message.
-- Null before any report; the job's timeline keeps every report.
alter table jobs add column progress real, add column progress_message text;
