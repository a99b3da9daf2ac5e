import type { SecurityPolicy } from '@airlock/core';

/** The zone of the support desk: time windows are read in it. */
export const DESK_TIME_ZONE = 'Asia/Kolkata';

/**
 * Bulk exports run in the nightly batch window, 01:00-05:00 at the desk. The demo must show the
 * window guard at any hour, so when the demo itself runs inside that window it uses the
 * afternoon window instead: either way the window is closed when the agent asks.
 */
export function exportWindow(now: Date = new Date()): string {
  const hour = Number(
    new Intl.DateTimeFormat('en-GB', {
      hour: '2-digit',
      hourCycle: 'h23',
      timeZone: DESK_TIME_ZONE,
    }).format(now),
  );
  return hour >= 1 && hour < 5 ? '13:00-17:00' : '01:00-05:00';
}

/**
 * The desk's policy, plain data as it could come from a JSON file:
 * - support agents read; only billing may pay money out;
 * - nothing deletes customers, whoever asks;
 * - exports only in their batch window;
 * - refunds at most 2 a minute per agent (a loop in a model must not drain the account);
 * - order searches answer in at most 400 tokens.
 */
export function deskPolicy(now: Date = new Date()): SecurityPolicy {
  return {
    deniedTools: ['delete_*'],
    toolRoles: {
      '*': ['support', 'billing'],
      issue_refund: ['billing'],
    },
    timeZone: DESK_TIME_ZONE,
    timeWindows: { export_customer_data: exportWindow(now) },
    rateLimits: {
      '*': '60/minute',
      issue_refund: { rate: '2/minute', scope: 'agent' },
    },
    output: { search_orders: { maxTokens: 400 } },
  };
}
