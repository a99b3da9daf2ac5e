import { type Airlock, type AirlockTool, ToolError, z } from '@airlock/core';
import { SANDBOX_LIMITS } from './plugins.js';
import type { Services } from './services.js';

/**
 * The support desk's tools, each one guarded by the airlock. Every `run` here is ordinary code
 * that trusts its arguments: the checks live in Airlock, not in the tools.
 */
export function defineTools(airlock: Airlock, services: Services): AirlockTool[] {
  const lookupCustomer = airlock.tool({
    name: 'lookup_customer',
    description: 'Look up a customer by id: profile, contact details, KYC data and account notes.',
    input: z.object({ customerId: z.string().regex(/^cust_\d+$/) }),
    run: ({ customerId }) => {
      const customer = services.customers.get(customerId);
      if (!customer) throw new ToolError(`No customer ${customerId}.`);
      return customer;
    },
  });

  const searchOrders = airlock.tool({
    name: 'search_orders',
    description: "Search a customer's orders, newest first.",
    input: z.object({
      customerId: z.string(),
      status: z.enum(['delivered', 'shipped', 'charged_twice', 'cancelled']).optional(),
      limit: z.number().int().min(1).max(100),
    }),
    run: ({ customerId, status, limit }) =>
      services.orders
        .filter((o) => o.customerId === customerId && (!status || o.status === status))
        .slice(0, limit),
  });

  const issueRefund = airlock.tool({
    name: 'issue_refund',
    description: "Refund an order to the customer's refund account.",
    input: z.object({
      orderId: z.string(),
      amountInr: z.number().positive(),
      reason: z.string().min(3).max(200),
    }),
    run: ({ orderId, amountInr }) => {
      const order = services.orders.find((o) => o.id === orderId);
      if (!order) throw new ToolError(`No order ${orderId}.`);
      const customer = services.customers.get(order.customerId)!;
      const refund = {
        refundId: `RF-${9000 + services.refunds.length}`,
        orderId,
        amountInr,
        toIban: customer.refundIban,
      };
      services.refunds.push(refund);
      return { ...refund, status: 'queued', eta: '2 working days' };
    },
  });

  const exportCustomerData = airlock.tool({
    name: 'export_customer_data',
    description: "Export all of a customer's data (a bulk job: runs in the nightly batch window).",
    input: z.object({ customerId: z.string(), format: z.enum(['csv', 'json']) }),
    run: ({ customerId, format }) => ({ jobId: `EXP-${customerId}`, format, status: 'scheduled' }),
  });

  const deleteCustomer = airlock.tool({
    name: 'delete_customer',
    description: 'Delete a customer record and all of its history.',
    input: z.object({ customerId: z.string(), reason: z.string() }),
    run: ({ customerId }) => {
      services.customers.delete(customerId);
      return { deleted: customerId };
    },
  });

  const runCode = airlock.tool({
    name: 'run_code',
    description:
      'Run JavaScript to analyse data. The code is the body of an async function; `args.data` holds the numbers passed in `data`; `return` the answer.',
    input: z.object({
      code: z.string().min(1).max(4_000),
      data: z.array(z.number()).max(1_000).optional(),
    }),
    // The sandbox stops the code at its own time limit. The call as a whole gets more: starting
    // a fresh locked-down process can take seconds on a loaded machine, not the code's fault.
    timeoutMs: SANDBOX_LIMITS.codeTimeoutMs + 20_000,
    sandbox: { limits: { timeoutMs: SANDBOX_LIMITS.codeTimeoutMs, maxOutputBytes: 16_000 } },
  });

  const sendEmail = airlock.tool({
    name: 'send_email',
    description: 'Send an email from the support desk to any address.',
    input: z.object({
      to: z.email(),
      subject: z.string().min(1).max(200),
      body: z.string().min(1).max(5_000),
    }),
    // It sends its arguments out of the company: a secret in them blocks the call.
    external: true,
    run: (email) => {
      services.outbox.push(email);
      return { sent: true, messageId: `MSG-${services.outbox.length}` };
    },
  });

  const trackShipment = airlock.tool({
    name: 'track_shipment',
    description: "Ask the carrier's API where a parcel is.",
    input: z.object({ orderId: z.string() }),
    // Reading is safe to repeat: Airlock may retry it, and a breaker guards the carrier.
    idempotent: true,
    retry: { maxRetries: 2, baseDelay: 10, maxDelay: 50 },
    breaker: { failureThreshold: 3, recoveryTimeout: '30s' },
    run: ({ orderId }) => services.carrier.track(orderId),
  });

  return [
    lookupCustomer,
    searchOrders,
    issueRefund,
    exportCustomerData,
    deleteCustomer,
    runCode,
    sendEmail,
    trackShipment,
  ] as AirlockTool[];
}
