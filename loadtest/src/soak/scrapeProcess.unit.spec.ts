import { metricValue, processSampleOf } from './scrapeProcess';

const text = [
  '# HELP process_resident_memory_bytes Resident memory size in bytes.',
  '# TYPE process_resident_memory_bytes gauge',
  'process_resident_memory_bytes{service="processors"} 157286400',
  'nodejs_heap_size_used_bytes{service="processors"} 52428800',
  'nodejs_heap_size_used_bytes_extra 1',
  'nodejs_eventloop_lag_p99_seconds{service="processors"} 0.0125',
].join('\n');

describe('processSampleOf', () => {
  it('reads RSS, heap and the event-loop p99 (in ms) from the exposition text', () => {
    expect(processSampleOf(text, 30)).toEqual({ t: 30, rssBytes: 157286400, heapUsedBytes: 52428800, eventLoopP99Ms: 12.5 });
  });

  it('adds the memory retained after the last major collection (heap used + external) once the service reports it', () => {
    const after = `${text}\nconveyor_memory_after_major_gc_bytes{kind="heap_used",service="processors"} 41943040\nconveyor_memory_after_major_gc_bytes{kind="external",service="processors"} 2097152`;
    expect(processSampleOf(after, 30)).toEqual({ t: 30, rssBytes: 157286400, heapUsedBytes: 52428800, eventLoopP99Ms: 12.5, retainedAfterGcBytes: 44040192 });
    expect(metricValue(after, 'conveyor_memory_after_major_gc_bytes', 'kind="external"')).toBe(2097152);
    expect(metricValue(after, 'conveyor_memory_after_major_gc_bytes', 'kind="other"')).toBeUndefined();
  });

  it('is undefined when a metric is missing, and never matches a longer name', () => {
    expect(processSampleOf('process_resident_memory_bytes 1', 0)).toBeUndefined();
    expect(metricValue('nodejs_heap_size_used_bytes_extra 1', 'nodejs_heap_size_used_bytes')).toBeUndefined();
  });
});
