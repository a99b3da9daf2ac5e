/**
 * The pretend back office the agent's tools talk to: a customer database, an order history, a
 * payments ledger, an outbox and a parcel carrier whose API is down. Each demo run gets fresh
 * ones, so repeated runs (the web console) tell the same story.
 */

export interface Customer {
  id: string;
  name: string;
  email: string;
  phone: string;
  city: string;
  /** Indian national id (12 digits, Verhoeff check digit): personal data the model must not see. */
  aadhaar: string;
  /** Indian tax id. */
  pan: string;
  /** Where refunds are paid. */
  refundIban: string;
  plan: string;
  notes: string;
}

export interface Order {
  id: string;
  customerId: string;
  placedOn: string;
  status: 'delivered' | 'shipped' | 'charged_twice' | 'cancelled';
  totalInr: number;
  items: { sku: string; title: string; qty: number; priceInr: number }[];
}

export interface SentEmail {
  to: string;
  subject: string;
  body: string;
}

export interface Services {
  customers: Map<string, Customer>;
  orders: Order[];
  refunds: { refundId: string; orderId: string; amountInr: number; toIban: string }[];
  outbox: SentEmail[];
  /** The carrier's tracking API: down for the whole demo, so the breaker has a reason to open. */
  carrier: { track(orderId: string): Promise<never> };
  /** Order ids the carrier was actually asked about, one entry a request. */
  carrierCalls: string[];
}

export const CUSTOMER_ID = 'cust_1042';

const PRIYA: Customer = {
  id: CUSTOMER_ID,
  name: 'Priya Sharma',
  email: 'priya.sharma@example.com',
  phone: '+91 98765 43210',
  city: 'Pune',
  aadhaar: '4918 3027 5616',
  pan: 'BNZPS4821K',
  refundIban: 'DE89 3704 0044 0532 0130 00',
  plan: 'business',
  notes: 'Verified by KYC call on 2026-03-02. Prefers email.',
};

const TITLES = [
  'USB-C dock',
  'Noise-cancelling headset',
  'Ergonomic keyboard',
  '27" monitor',
  'Laptop stand',
  'Webcam 4K',
  'Desk lamp',
  'Cable kit',
];

/** Fifty orders: long enough that an unbounded `search_orders` answer would flood the model. */
function orderHistory(): Order[] {
  const orders: Order[] = [];
  for (let i = 0; i < 50; i++) {
    const n = 7781 - i;
    const title = TITLES[i % TITLES.length] as string;
    const priceInr = 1_499 + ((i * 733) % 9_000);
    const day = String(28 - (i % 28)).padStart(2, '0');
    const month = String(6 - Math.floor(i / 10)).padStart(2, '0');
    orders.push({
      id: `ORD-${n}`,
      customerId: CUSTOMER_ID,
      placedOn: `2026-${month}-${day}`,
      status: i < 3 ? 'charged_twice' : i % 7 === 3 ? 'cancelled' : 'delivered',
      totalInr: priceInr,
      items: [{ sku: `SKU-${1000 + (i % TITLES.length)}`, title, qty: 1, priceInr }],
    });
  }
  return orders;
}

export class CarrierDownError extends Error {
  override readonly name = 'CarrierDownError';
  readonly status = 503;
}

export function createServices(): Services {
  const services: Services = {
    customers: new Map([[PRIYA.id, { ...PRIYA }]]),
    orders: orderHistory(),
    refunds: [],
    outbox: [],
    carrierCalls: [],
    carrier: {
      track: async (orderId: string) => {
        services.carrierCalls.push(orderId);
        throw new CarrierDownError(`carrier API 503 Service Unavailable for ${orderId}`);
      },
    },
  };
  return services;
}
