import type { Chart, SuiteResult } from './suite.js';

/** Where and when the numbers were measured: printed on the chart. */
export interface MachineInfo {
  node: string;
  cpu: string;
  cores: number;
  memoryGiB: number;
  date: string;
}

const WIDTH = 760;
const LABEL_W = 250;
const BAR_H = 18;
const GAP = 6;
const PANEL_PAD = 34;

const escapeXml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function formatValue(value: number, unit: string): string {
  const n =
    value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(value >= 10 ? 1 : 2);
  return `${n} ${unit}`;
}

/** One SVG with a panel of horizontal bars per suite, Airlock's bars highlighted. */
export function renderChart(
  results: readonly SuiteResult[],
  machine: MachineInfo,
  quick: boolean,
): string {
  const charts = results.flatMap((r) => (r.chart ? [r.chart] : []));
  let y = 52;
  const parts: string[] = [];
  for (const chart of charts) {
    parts.push(panel(chart, y));
    y += PANEL_PAD + chart.bars.length * (BAR_H + GAP) + 10;
  }
  const height = y + 10;
  const header = `Airlock benchmarks${quick ? ' (quick run)' : ''}`;
  const sub = `${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.date.slice(0, 10)}`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="16" y="24" font-size="16" font-weight="600" fill="#111">${escapeXml(header)}</text>`,
    `<text x="16" y="42" fill="#555">${escapeXml(sub)}</text>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}

function panel(chart: Chart, top: number): string {
  const max = Math.max(...chart.bars.map((b) => b.value), 1e-9);
  const span = WIDTH - LABEL_W - 160;
  const out = [
    `<text x="16" y="${top + 16}" font-weight="600" fill="#111">${escapeXml(chart.title)} <tspan fill="#777" font-weight="400">(${escapeXml(chart.unit)}, ${chart.better} is better)</tspan></text>`,
  ];
  chart.bars.forEach((bar, i) => {
    const y = top + PANEL_PAD - 8 + i * (BAR_H + GAP);
    const w = Math.max(1, (bar.value / max) * span);
    const fill = bar.ours ? '#2563eb' : '#9ca3af';
    out.push(
      `<text x="${LABEL_W - 8}" y="${y + 13}" text-anchor="end" fill="#333">${escapeXml(bar.label)}</text>`,
      `<rect x="${LABEL_W}" y="${y}" width="${w.toFixed(1)}" height="${BAR_H}" rx="3" fill="${fill}"/>`,
      `<text x="${(LABEL_W + w + 6).toFixed(1)}" y="${y + 13}" fill="#333">${escapeXml(formatValue(bar.value, chart.unit))}</text>`,
    );
  });
  return out.join('\n');
}
