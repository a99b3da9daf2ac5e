import type { SecurityPolicy } from './schema.js';
import type { Weekday } from './time-window.js';

const WEEKDAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];

/** No restrictions: every tool, any caller, no limits. */
export const PERMISSIVE_POLICY: SecurityPolicy = Object.freeze({});

/** An identified agent, destructive tools denied, and a per-agent budget on every tool. */
export const STRICT_POLICY: SecurityPolicy = Object.freeze({
  requireAgentId: true,
  deniedTools: ['delete_*', 'drop_*', 'exec_*', 'shell_*'],
  rateLimits: { '*': '100/hour' },
  conversation: { maxCalls: 200 },
});

/** Only tools that read: `read_*`, `get_*`, `list_*`, `search_*`, `describe_*`. */
export const READ_ONLY_POLICY: SecurityPolicy = Object.freeze({
  allowedTools: ['read_*', 'get_*', 'list_*', 'search_*', 'describe_*'],
  deniedTools: ['write_*', 'delete_*', 'update_*', 'create_*', 'drop_*'],
});

/** Destructive tools only on weekdays 09:00-17:00 (UTC unless a `timeZone` is set over it). */
export const BUSINESS_HOURS_POLICY: SecurityPolicy = Object.freeze({
  timeWindows: {
    'delete_*': { window: '09:00-17:00', days: WEEKDAYS },
    'drop_*': { window: '09:00-17:00', days: WEEKDAYS },
    '*_production': { window: '09:00-17:00', days: WEEKDAYS },
  },
});
