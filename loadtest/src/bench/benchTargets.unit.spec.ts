import { evaluateTargets, renderTargets, type TargetInputs } from './benchTargets';

const measured: TargetInputs = {
  conveyor: {
    sustainableRate: 5000, e2eP50: 8, e2eP99: 60, httpP99: 9.5, visibleP99: 200, batchAcceptedPerSec: 25_000, batchCompletedPerSec: 4000,
    serviceRssPeakMb: { processors: 180, 'command-api': 250 },
  },
  bullmq: { sustainableRate: 3700, e2eP50: 2 },
};
const row = (rows: ReturnType<typeof evaluateTargets>, start: string) => rows.find((r) => r.target.startsWith(start));

describe('bench targets', () => {
  it('judges each target met or missed, by how much relative to the goal', () => {
    const rows = evaluateTargets(measured);
    expect(row(rows, 'highest sustainable rate')).toEqual({ target: 'highest sustainable rate ≥ 1.2× BullMQ', measured: '5,000 vs 3,700 jobs/s = 1.35×', verdict: 'met', met: true });
    expect(row(rows, 'end to end p50 ≤ 10')).toMatchObject({ measured: '8 ms', met: true });
    expect(row(rows, 'end to end p99')).toMatchObject({ verdict: 'missed by 50 %', met: false });
    expect(row(rows, 'end to end p50 ≤ 5×')).toMatchObject({ measured: '8 vs 2 ms = 4.0×', met: true });
    expect(row(rows, 'batch submit (500/request): completed')).toMatchObject({ measured: '4,000 jobs/s', verdict: 'missed by 20 %', met: false });
    expect(row(rows, 'command-api ≤ 200 MB')).toMatchObject({ verdict: 'missed by 25 %', met: false });
    expect(row(rows, 'processors ≤ 200 MB')).toMatchObject({ met: true });
  });

  it('says how many times a limit a value is once it is past twice the limit', () => {
    const rows = evaluateTargets({ conveyor: { e2eP50: 1614, httpP99: 25 } });
    expect(row(rows, 'end to end p50 ≤ 10')).toMatchObject({ verdict: 'missed: 161× the limit', met: false });
    expect(row(rows, 'HTTP 202 p99')).toMatchObject({ verdict: 'missed: 2.5× the limit', met: false });
  });

  it('does not judge the rate against a BullMQ that held no step, and misses it when only Conveyor held none', () => {
    expect(row(evaluateTargets({ conveyor: { sustainableRate: 0 }, bullmq: { sustainableRate: 0 } }), 'highest')).toMatchObject({ measured: '0 vs 0 jobs/s', verdict: 'not judged: BullMQ held no step', met: null });
    expect(row(evaluateTargets({ conveyor: { sustainableRate: 0 }, bullmq: { sustainableRate: 3700 } }), 'highest')).toMatchObject({ verdict: 'missed by 100 %', met: false });
  });

  it('says "not measured" for what a run skipped, never a pass', () => {
    const rows = evaluateTargets({});
    expect(rows.every((r) => r.met === null && r.verdict === 'not measured')).toBe(true);
    expect(row(rows, 'each service ≤ 200 MB RSS')).toBeDefined();
    expect(row(rows, 'rebuild of 1M events')).toMatchObject({ measured: '–' });
  });

  it('takes the rebuild and the read side when given', () => {
    const rows = evaluateTargets({
      rebuild: { eventsPerSec: 60_000, ceilingEventsPerSec: 100_000 },
      read: [{ name: 'list', apiPerSec: 400, pgbenchPerSec: 1000, apiP99Ms: 30 }, { name: 'search', apiPerSec: 40, pgbenchPerSec: 60, apiP99Ms: 45 }],
    });
    expect(row(rows, 'rebuild of 1M events')).toMatchObject({ measured: '60,000 events/s', met: true });
    expect(row(rows, 'rebuild ≥ 0.8×')).toMatchObject({ measured: '60,000 vs 100,000 events/s = 0.60×', verdict: 'missed by 25 %', met: false });
    expect(row(rows, 'query API list ≥ 0.3×')).toMatchObject({ measured: '400 vs 1,000 req/s = 0.40×', met: true });
    expect(row(rows, 'query API list p99')).toMatchObject({ met: false });
    expect(row(rows, 'query API filter ≥')).toMatchObject({ met: null });
    expect(row(rows, 'query API search p99')).toMatchObject({ measured: '45 ms', met: true });
  });

  it('renders the table with a count, the misses in bold', () => {
    const md = renderTargets(evaluateTargets(measured));
    expect(md).toMatch(/^## Targets \(issue 13\)\n\n\d+ met, \d+ missed, \d+ not measured\./);
    expect(md).toContain('| end to end p99 ≤ 40 ms (common fixed rate) | 60 ms | **missed by 50 %** |');
  });
});
