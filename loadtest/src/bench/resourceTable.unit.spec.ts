import type { ProcessUsage } from './procStat';
import { renderResourceTable, usageOverRuns } from './resourceTable';

const use = (name: string, peak: number | null, med: number | null, cpu: number | null): ProcessUsage => ({ name, covers: `${name} process`, rssPeakMb: peak, rssMedianMb: med, cpuPercent: cpu, samples: 3 });

describe('resource table', () => {
  it('takes the highest peak, and the median of the runs\' medians and CPU shares, per system and process', () => {
    const rows = usageOverRuns([{ system: 'conveyor', runs: [[use('processors', 150, 140, 60)], [use('processors', 180, 150, 40)], [use('processors', 160, 155, 80)]] }]);
    expect(rows).toEqual([{ system: 'conveyor', name: 'processors', covers: 'processors process', rssPeakMb: 180, rssMedianMb: 150, cpuMedian: 60, cpuMin: 40, cpuMax: 80, cpuMsPerJob: null }]);
  });

  it('renders one row per system and process, with – for what was not measured', () => {
    const md = renderResourceTable([
      { system: 'conveyor', runs: [[use('query-api', 90.4, 80, 12.6), use('redis', null, null, null)]] },
      { system: 'bullmq', runs: [[use('bullmq peer', 120, 100, 70)]] },
    ]);
    expect(md).toContain('| conveyor | query-api | 90 | 80 | 13 (13–13) | – | query-api process |');
    expect(md).toContain('| conveyor | redis | – | – | – (–––) | – | redis process |');
    expect(md).toContain('| bullmq | bullmq peer | 120 | 100 | 70 (70–70) | – |');
    expect(md).not.toContain('all sampled processes');
  });

  it('with the rate the runs carried, reads each median CPU share as milliseconds per job, and sums them per system', () => {
    const md = renderResourceTable([
      { system: 'conveyor', jobsPerSecond: 50, runs: [[use('processors', 200, 180, 35), use('kafka', 900, 800, 30), use('redis', null, null, null)]] },
      { system: 'bullmq', jobsPerSecond: 50, runs: [[use('bullmq peer', 120, 100, 5)]] },
    ]);
    expect(md).toContain('| conveyor | processors | 200 | 180 | 35 (35–35) | 7.00 | processors process |');
    expect(md).toContain('| conveyor | kafka | 900 | 800 | 30 (30–30) | 6.00 | kafka process |');
    expect(md).toContain('| conveyor | redis | – | – | – (–––) | – | redis process |');
    expect(md).toContain('| conveyor | **all sampled processes** | | | 65 | 13.00 | at 50 jobs/s |');
    expect(md).toContain('| bullmq | **all sampled processes** | | | 5 | 1.00 | at 50 jobs/s |');
  });

  it('names in its heading what the figures were sampled during', () => {
    expect(renderResourceTable([{ system: 'conveyor, ramp at 506/s', runs: [[use('processors', 1, 1, 1)]] }], "each ramp's last held step"))
      .toMatch(/^### Processes during each ramp's last held step \(sampled every second from \/proc\)/);
  });

  it('renders nothing when nothing was sampled', () => {
    expect(renderResourceTable([])).toBe('');
  });
});
