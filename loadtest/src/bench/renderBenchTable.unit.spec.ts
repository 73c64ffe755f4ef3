import { renderBenchTable, type BenchColumn } from './renderBenchTable';

const facts = { date: '2026-01-01T00:00:00Z', cores: 2, cpuModel: 'cpu', memoryGiB: 24, os: 'Linux', node: 'v20', kafka: '4.1.1', redis: '7', postgres: '16' };
const lat = (p50: number, p99: number) => ({ count: 10, p50, p90: p50, p99, 'p99.9': p99, max: p99, mean: p50 });
const col = (name: string, sustainableRate: number | null, completed: number | null, e2e: ReturnType<typeof lat> | null): BenchColumn => ({
  name, sustainableRate, completedPerSec: completed, httpLatency: e2e, e2eLatency: e2e, note: `${name} note`,
});

describe('renderBenchTable', () => {
  it('puts the systems side by side with Conveyor ratios', () => {
    const md = renderBenchTable([col('conveyor', 300, 240, lat(20, 80)), col('kafkajs ceiling', null, 9000, lat(300, 1500)), col('bullmq', 600, 240, lat(5, 40))], facts, 240);
    expect(md).toContain('| measure | conveyor | kafkajs ceiling | bullmq | conveyor / kafkajs ceiling | conveyor / bullmq |');
    expect(md).toContain('| highest sustainable rate (jobs/s, ramp) | 300 | – | 600 | – | 0.50× |');
    expect(md).toContain('| end to end p99 (ms) | 80.0 | 1500.0 | 40.0 | 0.05× | 2.00× |');
    expect(md).toContain('2 cores (cpu), 24 GiB');
    expect(md).toContain('- **bullmq**: bullmq note');
  });
});
