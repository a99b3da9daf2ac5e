import { PII_CORPUS } from '../../corpus/pii-corpus.js';

/** Deterministic pseudo-random numbers. */
function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

/**
 * About 10 KB of realistic tool output: an orders API response (ids, UUIDs, timestamps, prices,
 * SKUs, invoice numbers, commit SHAs, versions) and access-log lines, with sparse PII: one
 * customer's email and phone, an IBAN, and the client IPs in the logs.
 */
export function sparseToolOutput(size = 10_240): string {
  const r = rng(1);
  const hex = (n: number) =>
    Array.from({ length: n }, () => '0123456789abcdef'[Math.floor(r() * 16)]).join('');
  const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
  const orders: Record<string, unknown>[] = [];
  for (let i = 0; i < 18; i++) {
    orders.push({
      id: `ord_${hex(12)}`,
      requestId: uuid(),
      createdAt: new Date(1718035200000 + i * 3_600_000).toISOString(),
      ts: 1718035200 + i * 3600,
      status: ['shipped', 'pending', 'delivered'][i % 3],
      total: (r() * 500).toFixed(2),
      currency: 'EUR',
      sku: `SKU-${Math.floor(r() * 1e6)}`,
      invoice: `INV-2024-${String(i).padStart(5, '0')}`,
      items: Math.floor(r() * 5) + 1,
      note: 'Customer asked for gift wrapping and delivery after 5pm on weekdays.',
      version: `v2.${i}.1`,
      commit: hex(40),
    });
  }
  orders[3]!.customer = {
    name: 'Ann Lee',
    email: 'ann.lee@example.com',
    phone: '+44 20 7946 0958',
  };
  orders[11]!.payment = { iban: 'DE89 3704 0044 0532 0130 00' };
  const logs: string[] = [];
  for (let i = 0; i < 20; i++) {
    logs.push(
      `2024-06-10T14:${String(i).padStart(2, '0')}:03.512Z INFO worker-${i % 4} GET /api/v1/orders/${hex(8)} 200 ${Math.floor(r() * 900)}ms trace=${hex(32)} ip=10.0.${i}.7`,
    );
  }
  return JSON.stringify({ orders, logs }, null, 2).slice(0, size);
}

/** About 10 KB dense with PII: the corpus' positive texts, one after another. */
export function denseToolOutput(size = 10_240): string {
  const positives = PII_CORPUS.filter((c) => c.expect.length > 0).map((c) => c.text);
  let out = '';
  for (let i = 0; out.length < size; i++) out += `${positives[i % positives.length]}\n`;
  return out.slice(0, out.lastIndexOf('\n', size));
}
