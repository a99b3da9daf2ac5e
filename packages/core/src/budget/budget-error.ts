import { type AirlockError, airlockError } from '../errors.js';
import type { BudgetDenial, BudgetLine } from './budget-ledger.js';
import { fromMicros } from './pricing.js';

const SCOPE_WORDS = {
  conversation: 'This conversation',
  user: 'This user',
  workspace: 'This workspace',
} as const;

/** A number in the units users configured (currency units for cost). */
export function displayAmount(line: BudgetLine, stored: number): number {
  return line.dimension === 'cost' ? fromMicros(stored) : stored;
}

function periodWords(line: BudgetLine): string {
  if (line.period === 'day') return ' today';
  if (line.period === 'month') return ' this month';
  return '';
}

/** BUDGET_EXCEEDED, saying what was used, the limit, and when it resets. */
export function budgetExceededError(tool: string, denial: BudgetDenial): AirlockError {
  const { line } = denial;
  const used = displayAmount(line, denial.used);
  const limit = displayAmount(line, line.limit);
  const requested = displayAmount(line, denial.requested);
  const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 6 });
  const who = SCOPE_WORDS[line.scope];
  const what =
    line.dimension === 'tokens'
      ? `has used ${fmt(used)} of its ${fmt(limit)} tokens${periodWords(line)}`
      : line.dimension === 'cost'
        ? `has spent ${fmt(used)} of its budget of ${fmt(limit)}${periodWords(line)}`
        : `has made ${fmt(used)} of its ${fmt(limit)} allowed tool calls${periodWords(line)}`;
  const need =
    requested > 0 && line.dimension !== 'calls'
      ? `; this call needs about ${fmt(requested)} more`
      : '';
  return airlockError('BUDGET_EXCEEDED', tool, `${who} ${what}${need}.`, {
    retryable: false,
    fixHints: [
      line.resetsAt !== undefined
        ? `Do not call tools that use this budget before ${new Date(line.resetsAt).toISOString()}; answer with what you have.`
        : 'Do not call tools that use this budget again; answer with what you have.',
    ],
    details: {
      budget: `${line.scope}_${line.dimension}`,
      scope: line.scope,
      dimension: line.dimension,
      used,
      limit,
      requested,
      period: line.period,
      ...(line.resetsAt !== undefined ? { resetsAt: new Date(line.resetsAt).toISOString() } : {}),
    },
  });
}

/** The store could not be asked: budgets fail closed. */
export function budgetUnavailableError(tool: string): AirlockError {
  return airlockError(
    'BUDGET_EXCEEDED',
    tool,
    `The budget for '${tool}' could not be checked, so the call was not run.`,
    {
      retryable: true,
      retryAfterMs: 1000,
      fixHints: ['Retry in a moment; if it keeps failing, tell the user the tool is unavailable.'],
      details: { reason: 'budget_store_unavailable' },
    },
  );
}
