/** One named line of a chart. */
export interface Series {
  name: string;
  points: ReadonlyArray<readonly [number, number]>;
}

const COLORS = ['#2563eb', '#16a34a', '#dc2626', '#9333ea', '#ea580c', '#0891b2'];
const W = 640;
const H = 280;
const PAD = { l: 64, r: 16, t: 16, b: 44 };

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const fmt = (v: number) => (Math.abs(v) >= 1000 ? `${(v / 1000).toFixed(v >= 10_000 ? 0 : 1)}k` : Math.abs(v) >= 10 ? v.toFixed(0) : v.toFixed(v === 0 ? 0 : 2));

/**
 * A self-contained SVG line chart (no script, no external resource), with axis ticks, labels and a
 * legend. `xTicks` may replace the numeric x labels (the percentile chart names its "nines").
 */
export function lineChart(options: {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  xTicks?: Array<{ x: number; label: string }>;
  yLog?: boolean;
}): string {
  const all = options.series.flatMap((s) => s.points);
  if (!all.length) return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="60" role="img"><text x="10" y="30" font-family="sans-serif" font-size="13">${esc(options.title)}: no data</text></svg>`;
  const xs = all.map((p) => p[0]);
  const ys = all.map((p) => p[1]);
  const x0 = Math.min(...xs);
  const x1 = Math.max(...xs) === x0 ? x0 + 1 : Math.max(...xs);
  const ty = (v: number) => (options.yLog ? Math.log10(Math.max(v, 0.01)) : v);
  const y0 = options.yLog ? Math.floor(ty(Math.max(0.01, Math.min(...ys)))) : 0;
  const yMaxRaw = Math.max(...ys.map(ty));
  const y1 = options.yLog ? Math.ceil(yMaxRaw === y0 ? y0 + 1 : yMaxRaw) : (yMaxRaw <= 0 ? 1 : yMaxRaw * 1.08);
  const px = (x: number) => PAD.l + ((x - x0) / (x1 - x0)) * (W - PAD.l - PAD.r);
  const py = (y: number) => H - PAD.b - ((ty(y) - y0) / (y1 - y0)) * (H - PAD.t - PAD.b);
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H + 24}" width="${W}" height="${H + 24}" role="img" aria-label="${esc(options.title)}" font-family="sans-serif" font-size="11">`);
  parts.push(`<title>${esc(options.title)}</title><rect width="100%" height="100%" fill="#fff"/>`);
  // Horizontal grid and y labels.
  const yTicks = options.yLog
    ? Array.from({ length: y1 - y0 + 1 }, (_, i) => 10 ** (y0 + i))
    : Array.from({ length: 5 }, (_, i) => (y1 * i) / 4);
  for (const v of yTicks) {
    const y = py(v);
    parts.push(`<line x1="${PAD.l}" x2="${W - PAD.r}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}" stroke="#e5e7eb"/><text x="${PAD.l - 6}" y="${(y + 4).toFixed(1)}" text-anchor="end">${fmt(v)}</text>`);
  }
  const xTicks = options.xTicks ?? Array.from({ length: 6 }, (_, i) => ({ x: x0 + ((x1 - x0) * i) / 5, label: fmt(x0 + ((x1 - x0) * i) / 5) }));
  for (const t of xTicks) {
    const x = px(t.x);
    parts.push(`<line x1="${x.toFixed(1)}" x2="${x.toFixed(1)}" y1="${PAD.t}" y2="${H - PAD.b}" stroke="#f3f4f6"/><text x="${x.toFixed(1)}" y="${H - PAD.b + 16}" text-anchor="middle">${esc(t.label)}</text>`);
  }
  parts.push(`<line x1="${PAD.l}" x2="${W - PAD.r}" y1="${H - PAD.b}" y2="${H - PAD.b}" stroke="#374151"/><line x1="${PAD.l}" x2="${PAD.l}" y1="${PAD.t}" y2="${H - PAD.b}" stroke="#374151"/>`);
  parts.push(`<text x="${(PAD.l + W - PAD.r) / 2}" y="${H - 8}" text-anchor="middle">${esc(options.xLabel)}</text>`);
  parts.push(`<text transform="translate(14 ${(PAD.t + H - PAD.b) / 2}) rotate(-90)" text-anchor="middle">${esc(options.yLabel)}</text>`);
  options.series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length] as string;
    if (s.points.length) {
      const d = s.points.map((p, j) => `${j ? 'L' : 'M'}${px(p[0]).toFixed(1)} ${py(p[1]).toFixed(1)}`).join(' ');
      parts.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="2"/>`);
    }
    const lx = PAD.l + i * 150;
    parts.push(`<rect x="${lx}" y="${H + 8}" width="12" height="4" fill="${color}"/><text x="${lx + 16}" y="${H + 14}">${esc(s.name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

/** X position of a percentile on a "nines" axis: 90 → 1, 99 → 2, 99.9 → 3. */
export function ninesOf(percentile: number): number {
  return percentile >= 100 ? 5.3 : -Math.log10(1 - percentile / 100);
}

/** The latency percentile distribution curve of one or more histograms. */
export function percentileChart(title: string, series: Array<{ name: string; points: Array<{ percentile: number; ms: number }> }>): string {
  return lineChart({
    title,
    xLabel: 'percentile',
    yLabel: 'latency (ms, log scale)',
    yLog: true,
    series: series.map((s) => ({ name: s.name, points: s.points.map((p) => [ninesOf(p.percentile), p.ms] as const) })),
    xTicks: [{ x: 0, label: '0%' }, { x: 1, label: '90%' }, { x: 2, label: '99%' }, { x: 3, label: '99.9%' }, { x: 4, label: '99.99%' }, { x: 5.3, label: 'max' }],
  });
}
