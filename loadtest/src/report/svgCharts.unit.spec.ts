import { lineChart, ninesOf, percentileChart } from './svgCharts';

describe('lineChart', () => {
  it('draws one path per series with a legend, escaping text', () => {
    const svg = lineChart({ title: 'a < b', xLabel: 's', yLabel: 'jobs/s', series: [{ name: 'sent', points: [[0, 1], [1, 5]] }, { name: 'done', points: [[0, 0], [1, 4]] }] });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<path /g)).toHaveLength(2);
    expect(svg).toContain('a &lt; b');
    expect(svg).not.toMatch(/<script|href=/);
  });

  it('says "no data" when there is none', () => {
    expect(lineChart({ title: 'lag', xLabel: 's', yLabel: 'n', series: [] })).toContain('lag: no data');
  });
});

describe('percentileChart', () => {
  it('places percentiles on a nines axis', () => {
    expect(ninesOf(90)).toBeCloseTo(1);
    expect(ninesOf(99.9)).toBeCloseTo(3);
    expect(percentileChart('e2e', [{ name: 'e2e', points: [{ percentile: 50, ms: 3 }, { percentile: 99, ms: 40 }] }])).toContain('99.9%');
  });
});
