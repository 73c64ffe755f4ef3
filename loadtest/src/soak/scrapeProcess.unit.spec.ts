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

  it('is undefined when a metric is missing, and never matches a longer name', () => {
    expect(processSampleOf('process_resident_memory_bytes 1', 0)).toBeUndefined();
    expect(metricValue('nodejs_heap_size_used_bytes_extra 1', 'nodejs_heap_size_used_bytes')).toBeUndefined();
  });
});
