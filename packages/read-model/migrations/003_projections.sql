-- Helpers of the projector (services/processors/src/projections).

-- Element-wise sum of two int arrays (histograms of job_stats_minute), the shorter padded with zeros:
-- lets a batch merge its per-minute deltas into existing rows in one `insert … on conflict do update`.
create or replace function conveyor_int_array_add(a int[], b int[]) returns int[]
language sql immutable parallel safe as $$
  select coalesce(array_agg(coalesce(x, 0) + coalesce(y, 0) order by i), '{}')
  from unnest(a, b) with ordinality as t(x, y, i)
$$;

-- Element-wise sum over rows, for the statistics API (windows of many minutes): conveyor_int_array_sum(duration_hist).
create aggregate conveyor_int_array_sum(int[]) (sfunc = conveyor_int_array_add, stype = int[], initcond = '{}');
