import type { ProcessSample } from './soakVerdict';

/**
 * The value of an unlabelled-or-labelled sample named `name` in Prometheus text exposition (pure): the
 * first line `name{…} value` or `name value` (whose labels include `label`, e.g. `kind="external"`, when
 * given); undefined when absent.
 */
export function metricValue(text: string, name: string, label?: string): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (rest[0] !== ' ' && rest[0] !== '{') continue;
    if (label && !(rest[0] === '{' && rest.slice(0, rest.indexOf('}')).includes(label))) continue;
    const value = Number(rest.slice(rest.lastIndexOf(' ') + 1));
    if (Number.isFinite(value)) return value;
  }
  return undefined;
}

/**
 * A process sample from a service's `/metrics` (pure): the default prom-client metrics every Conveyor
 * service exposes (`createMetrics`). The event-loop delay is perf_hooks' `monitorEventLoopDelay` histogram,
 * reset at each scrape, so the p99 covers the time since the previous scrape.
 */
export function processSampleOf(text: string, t: number): ProcessSample | undefined {
  const rss = metricValue(text, 'process_resident_memory_bytes');
  const heap = metricValue(text, 'nodejs_heap_size_used_bytes');
  const lag = metricValue(text, 'nodejs_eventloop_lag_p99_seconds');
  if (rss === undefined || heap === undefined || lag === undefined) return undefined;
  // Absent until the service's first major garbage collection (`conveyor_memory_after_major_gc_bytes`).
  const heapAfterGc = metricValue(text, 'conveyor_memory_after_major_gc_bytes', 'kind="heap_used"');
  const externalAfterGc = metricValue(text, 'conveyor_memory_after_major_gc_bytes', 'kind="external"');
  const retained = heapAfterGc === undefined || externalAfterGc === undefined ? {} : { retainedAfterGcBytes: heapAfterGc + externalAfterGc };
  return { t, rssBytes: rss, heapUsedBytes: heap, eventLoopP99Ms: lag * 1000, ...retained };
}

/** Scrapes `<url>/metrics` once (2 s bound); undefined when the service does not answer. */
export async function scrapeProcess(url: string, t: number): Promise<ProcessSample | undefined> {
  try {
    const res = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(2000) });
    return res.ok ? processSampleOf(await res.text(), t) : undefined;
  } catch {
    return undefined;
  }
}
