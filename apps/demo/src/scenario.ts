import { call, handOffTo, retryAfterSeconds, retryAsHinted, say, type Turn } from './script.js';
import { CUSTOMER_ID, type Services } from './services.js';

/**
 * The support ticket the agent works, scene by scene. Each scene is one run of the agent: the
 * user's message (what a real model gets too) and the scripted model's turns (what the offline
 * model does). The turns are written to trip one guard or two each, then recover the way a
 * model does when it reads Airlock's error.
 */

export type AgentName = 'support' | 'billing';

export interface Scene {
  title: string;
  /** What to watch for, one line. */
  shows: string;
  /** The agent the run starts with (support may hand off to billing). */
  agent: AgentName;
  user: string;
  turns: Turn[];
  /** What the back office shows after the scene: evidence of what did (not) happen. */
  afterward?: (services: Services) => string;
}

/**
 * The key a customer pasted into the ticket. Built at run time so secret scanners do not flag
 * this repository; it is not a real key.
 */
export const PARTNER_API_KEY = ['sk', 'proj', 'd3m0K3y4821NotRealPriyaShopIntegration9qZ'].join(
  '-',
);

export const PARTNER_EMAIL = 'integrations@partner.example.com';

export function scenes(services: Services): Scene[] {
  const doubleCharged = services.orders.filter((o) => o.status === 'charged_twice');
  const [first, second, third] = doubleCharged;
  if (!first || !second || !third) throw new Error('the demo data needs three double charges');
  const refund = (o: { id: string; totalInr: number }) =>
    call('issue_refund', { orderId: o.id, amountInr: o.totalInr, reason: 'Charged twice' });
  const thisYear = services.orders.filter((o) => o.status !== 'cancelled').map((o) => o.totalInr);

  return [
    {
      title: 'A ticket comes in: look up the customer',
      shows: 'a ghost argument blocked and corrected; Aadhaar, PAN, IBAN, email, phone masked',
      agent: 'support',
      user: `Ticket #4821 from Priya Sharma (${CUSTOMER_ID}): "I was charged twice for my last orders, please refund me." Look her up first, with her internal notes.`,
      turns: [
        call('lookup_customer', { customerId: CUSTOMER_ID, include_internal_notes: true }),
        retryAsHinted('lookup_customer'),
        say(
          "Found Priya Sharma (business plan, Pune). Her national ids and bank account are masked: I don't need them to help her.",
        ),
      ],
    },
    {
      title: 'Find the double charges',
      shows: 'a wrong type rejected and corrected; a long answer cut to 400 tokens',
      agent: 'support',
      user: 'Find the orders she was charged twice for.',
      turns: [
        call('search_orders', { customerId: CUSTOMER_ID, limit: '50' }),
        retryAsHinted('search_orders'),
        say(
          `Her latest orders ${first.id}, ${second.id} and ${third.id} are marked charged_twice (the rest of the list was cut to save tokens).`,
        ),
      ],
    },
    {
      title: 'Refunds: support may not pay out, billing may (2 a minute)',
      shows: 'a role check, a hand-off, then a rate limit with its retry hint',
      agent: 'support',
      user: `Refund the three double charges: ${first.id}, ${second.id} and ${third.id}.`,
      turns: [
        refund(first),
        handOffTo('billing'),
        refund(first),
        refund(second),
        refund(third),
        say(
          (seen) =>
            `Refunds for ${first.id} and ${second.id} are queued. ${third.id} hit the refund rate limit: I will issue it in ${retryAfterSeconds(seen.output) ?? '?'} s.`,
        ),
      ],
      afterward: (s) =>
        `ledger: ${s.refunds.length} refunds paid (${s.refunds.map((r) => r.orderId).join(', ')})`,
    },
    {
      title: 'Out-of-hours export and a forbidden delete',
      shows: 'a time window, a denied tool',
      agent: 'support',
      user: 'She also wants a full export of her data, and her old duplicate record deleted.',
      turns: [
        call('export_customer_data', { customerId: CUSTOMER_ID, format: 'json' }),
        call('delete_customer', { customerId: CUSTOMER_ID, reason: 'duplicate record' }),
        say(
          'The export only runs in the nightly batch window, so it is scheduled for then. Deleting customer records is not something agents may do: I have passed that request to a human.',
        ),
      ],
      afterward: (s) => `customer records: ${s.customers.size} (nothing was deleted)`,
    },
    {
      title: 'Model-written code runs in the sandbox',
      shows: 'code stopped at the time limit, then at the memory limit; the fixed code runs',
      agent: 'support',
      user: 'How much has she spent with us in total (cancelled orders excluded)?',
      turns: [
        // An off-by-one that never ends: the sandbox kills it at its time limit.
        call('run_code', {
          code: 'let total = 0;\nfor (let i = 0; i < args.data.length; i--) total += args.data[i] ?? 0;\nreturn total;',
          data: thisYear,
        }),
        // A lookup table of half a million entries per order: 172 MB, past the memory cap.
        call('run_code', {
          code: 'const table = new Float64Array(args.data.length * 500_000).fill(1);\nreturn table.length;',
          data: thisYear,
        }),
        call('run_code', { code: 'return args.data.reduce((a, b) => a + b, 0);', data: thisYear }),
        say((seen) => `She has spent INR ${extractResult(seen.output)} with us.`),
      ],
    },
    {
      title: 'Mail the partner without leaking a key',
      shows: 'a secret kept from leaving through email (an external tool)',
      agent: 'support',
      user: `Her shop's integration fails. She pasted her API key into the ticket: ${PARTNER_API_KEY}. Forward the problem to our integration partner at ${PARTNER_EMAIL}.`,
      turns: [
        call('send_email', {
          to: PARTNER_EMAIL,
          subject: 'Ticket #4821: integration failing',
          body: `Hello, the customer's integration fails since Monday. Her key is ${PARTNER_API_KEY}. Can you check?`,
        }),
        call('send_email', {
          to: PARTNER_EMAIL,
          subject: 'Ticket #4821: integration failing',
          body: "Hello, the customer's integration fails since Monday. She will share her key with you directly. Can you check?",
        }),
        say(
          'I wrote to the partner, without her key. She should rotate it, since it was posted in a ticket.',
        ),
      ],
      afterward: (s) =>
        `outbox: ${s.outbox.length} email sent; the key is ${s.outbox.some((m) => m.body.includes(PARTNER_API_KEY)) ? 'IN IT' : 'in none of them'}`,
    },
    {
      title: 'The carrier is down: retries, then the circuit opens',
      shows: 'a failing dependency retried and contained; the next call fails fast',
      agent: 'support',
      user: `Where are her parcels for ${first.id} and ${second.id}?`,
      turns: [
        call('track_shipment', { orderId: first.id }),
        call('track_shipment', { orderId: second.id }),
        say(
          (seen) =>
            `The carrier's tracking service is down; Airlock paused calls to it for ${retryAfterSeconds(seen.output) ?? '?'} s. I will check again later.`,
        ),
      ],
      afterward: (s) => {
        const times = (id: string) => s.carrierCalls.filter((o) => o === id).length;
        return `carrier API requests: ${first.id} ×${times(first.id)} (the call and its retries), ${second.id} ×${times(second.id)} (the open circuit answered)`;
      },
    },
  ];
}

function extractResult(output: string | undefined): string {
  try {
    const value = JSON.parse(output ?? '') as { result?: unknown };
    return typeof value.result === 'number' ? value.result.toLocaleString('en-IN') : '?';
  } catch {
    return '?';
  }
}
