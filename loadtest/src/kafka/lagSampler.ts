import type { Admin } from 'kafkajs';
import type { Pool } from 'pg';

/** Consumer lag of each group at one instant, in messages (null: the group has no committed offsets). */
export interface LagSample {
  /** Seconds since the run started. */
  t: number;
  lag: Record<string, number | null>;
}

/**
 * Lag of `groupId` over `topics`: Σ (end offset − committed offset) over the partitions where the group
 * has committed; null when it has committed nowhere (the group does not exist or keeps offsets elsewhere).
 */
export async function groupLag(admin: Admin, groupId: string, topics: string[], ends: Map<string, Map<number, bigint>>): Promise<number | null> {
  const committed = await admin.fetchOffsets({ groupId, topics });
  let lag = 0n;
  let any = false;
  for (const t of committed) {
    for (const p of t.partitions) {
      if (p.offset === '-1') continue;
      const end = ends.get(t.topic)?.get(p.partition);
      if (end === undefined) continue;
      any = true;
      const d = end - BigInt(p.offset);
      if (d > 0n) lag += d;
    }
  }
  return any ? Number(lag) : null;
}

/** End offsets of each topic by partition. */
export async function endOffsets(admin: Admin, topics: string[]): Promise<Map<string, Map<number, bigint>>> {
  const out = new Map<string, Map<number, bigint>>();
  for (const topic of topics) {
    const parts = await admin.fetchTopicOffsets(topic);
    out.set(topic, new Map(parts.map((p) => [p.partition, BigInt(p.high)])));
  }
  return out;
}

/**
 * Samples the lag of each group once a second until stopped; each sample is bounded by a 2 s timeout
 * and a sample that fails is skipped, never retried in a loop (public).
 */
export function startLagSampler(options: {
  admin: Admin;
  groups: string[];
  topics: string[];
  startedAt: number;
  intervalMs?: number;
  onSample?: (s: LagSample) => void;
  /** Lag of a group that keeps its offsets outside Kafka (the projector stores them in Postgres). */
  fallback?: (group: string, ends: Map<string, Map<number, bigint>>) => Promise<number | null>;
}) {
  const samples: LagSample[] = [];
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      const ends = await endOffsets(options.admin, options.topics);
      const lag: Record<string, number | null> = {};
      for (const g of options.groups) {
        lag[g] = await groupLag(options.admin, g, options.topics, ends).catch(() => null);
        if (lag[g] === null && options.fallback) lag[g] = await options.fallback(g, ends).catch(() => null);
      }
      const sample = { t: Math.round((Date.now() - options.startedAt) / 100) / 10, lag };
      samples.push(sample);
      options.onSample?.(sample);
    } catch {
      // one missed sample; the next tick tries again
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), options.intervalMs ?? 1000);
  void tick();
  return {
    samples,
    async stop(): Promise<LagSample[]> {
      clearInterval(timer);
      await tick();
      return samples;
    },
  };
}

/**
 * Lag of the projector, which keeps its offsets in Postgres (`projection_offsets`, in the same transaction
 * as its rows): Σ over the partitions of `topic` of end offset − the slowest projection's next offset;
 * null when nothing is projected yet.
 */
export async function projectionLag(pool: Pick<Pool, 'query'>, topic: string, ends: Map<string, Map<number, bigint>>): Promise<number | null> {
  const { rows } = await pool.query<{ partition: number; next: string }>(
    'select partition, min(next_offset)::text as next from projection_offsets where topic = $1 group by partition', [topic]);
  if (!rows.length) return null;
  let lag = 0n;
  for (const r of rows) {
    const end = ends.get(topic)?.get(r.partition);
    if (end !== undefined && end > BigInt(r.next)) lag += end - BigInt(r.next);
  }
  return Number(lag);
}
