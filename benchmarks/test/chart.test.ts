import { describe, expect, it } from 'vitest';
import { renderChart } from '../src/chart.js';

const machine = {
  node: 'v20.20.2',
  cpu: 'Test CPU',
  cores: 2,
  memoryGiB: 24,
  date: '2026-11-26T04:00:00.000Z',
};

describe('results chart', () => {
  it('draws one bar per value, scaled to the largest, with the machine and date', () => {
    const svg = renderChart(
      [
        {
          suite: 'pipeline',
          summary: '',
          rows: [],
          chart: {
            title: 'One call <median>',
            unit: 'µs',
            better: 'lower',
            bars: [
              { label: 'airlock', value: 2, ours: true },
              { label: 'langchain', value: 20 },
            ],
          },
        },
        { suite: 'no-chart', summary: '', rows: [] },
      ],
      machine,
      false,
    );
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('Test CPU, 2 cores, 24 GiB, Node v20.20.2, 2026-11-26');
    expect(svg).toContain('One call &lt;median&gt;');
    const widths = [...svg.matchAll(/<rect x="250" y="[\d.]+" width="([\d.]+)"/g)].map((m) =>
      Number(m[1]),
    );
    expect(widths).toHaveLength(2);
    expect(widths[1]! / widths[0]!).toBeCloseTo(10, 0);
    expect(svg).toContain('2.00 µs');
    expect(svg).toContain('20.0 µs');
  });
});
