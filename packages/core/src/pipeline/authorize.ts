import { airlockError } from '../errors.js';
import { formatLocalTime, isWithin } from '../policy/time-window.js';
import type { Stage } from './call-state.js';

/** Tool allow/deny lists, agent identity, roles and time windows. */
export const authorizeStage: Stage = (state) => {
  const rules = state.rules!;
  const tool = state.tool.name;
  if (rules.denied) {
    state.error = airlockError(
      'TOOL_DENIED',
      tool,
      `The tool '${tool}' is not allowed: ${rules.denied.reason}.`,
      {
        fixHints: [
          'Do not call this tool again; use another tool or tell the user it is not available.',
        ],
      },
    );
    return;
  }
  if (rules.requireAgentId && !state.context.agentId) {
    state.error = airlockError(
      'ROLE_DENIED',
      tool,
      `The tool '${tool}' requires an identified agent, and this call has no agentId.`,
      {
        fixHints: ['This is a configuration problem in the application: do not retry.'],
        details: { reason: 'agent_id_required' },
      },
    );
    return;
  }
  if (rules.roleSets.length > 0) {
    const roles = state.context.roles ?? [];
    for (const allowed of rules.roleSets) {
      if (!allowed.some((r) => roles.includes(r))) {
        state.error = airlockError(
          'ROLE_DENIED',
          tool,
          `The tool '${tool}' requires one of the roles ${allowed.map((r) => `'${r}'`).join(', ')}; the caller has ${roles.length > 0 ? roles.map((r) => `'${r}'`).join(', ') : 'no roles'}.`,
          {
            fixHints: [
              'Do not retry: ask the user to perform this action or to get the required role.',
            ],
            details: { requiredRoles: [...allowed] },
          },
        );
        return;
      }
    }
  }
  if (rules.timeWindows) {
    const now = state.runtime.clock.now();
    const windows = rules.timeWindows.windows;
    if (!windows.some((w) => isWithin(w, now))) {
      const first = windows[0]!;
      const described = windows
        .map(
          (w) =>
            `${w.text} ${w.timeZone}${w.days ? ` on ${[...w.days].map((d) => ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d]).join(', ')}` : ''}`,
        )
        .join(' or ');
      state.error = airlockError(
        'OUTSIDE_TIME_WINDOW',
        tool,
        `The tool '${tool}' may only run ${described}; it is now ${formatLocalTime(now, first.timeZone)} ${first.timeZone}.`,
        {
          retryable: false,
          fixHints: ['Do not retry now: tell the user when the action is available.'],
          details: { windows: windows.map((w) => ({ window: w.text, timeZone: w.timeZone })) },
        },
      );
    }
  }
};
