-- Sealed secrets ({"$secret": "v1:<kid>:…"}, packages/job-types/src/secrets) read "[redacted]" on every read
-- path. The query API has Postgres write a job's JSON (services/query-api/src/jobs/jobJsonSql.ts), so the
-- redaction it does in TypeScript elsewhere (redactSecrets) is done here, with the same rule: an object whose
-- only key is "$secret", holding a string, becomes the string "[redacted]", at any depth.
create or replace function redact_secrets(value jsonb) returns jsonb
language plpgsql immutable parallel safe as $$
declare
  result jsonb;
begin
  -- Most values hold no envelope: one scan of the text, no rebuilding.
  if value is null or strpos(value::text, '"$secret"') = 0 then
    return value;
  end if;
  case jsonb_typeof(value)
    when 'object' then
      if (select count(*) from jsonb_object_keys(value)) = 1 and jsonb_typeof(value -> '$secret') = 'string' then
        return '"[redacted]"'::jsonb;
      end if;
      select coalesce(jsonb_object_agg(key, redact_secrets(item)), '{}'::jsonb) into result from jsonb_each(value) as e(key, item);
      return result;
    when 'array' then
      select coalesce(jsonb_agg(redact_secrets(item) order by position), '[]'::jsonb) into result
        from jsonb_array_elements(value) with ordinality as a(item, position);
      return result;
    else
      return value;
  end case;
end
$$;
