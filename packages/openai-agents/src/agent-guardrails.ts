import type { Airlock, Finding } from '@airlock/core';
import type { CallModelInputFilter, InputGuardrail, OutputGuardrail } from '@openai/agents';
import { countTypes, maskItemText, type TripOn, trips } from './sensitive-data.js';

export interface SensitiveInputGuardrailOptions {
  /** Default `airlock_sensitive_input`. */
  name?: string;
  /** Which findings trip the wire. Default `'any'` (personal data or a secret). */
  tripOn?: TripOn;
}

export interface SensitiveOutputGuardrailOptions {
  /** Default `airlock_sensitive_output`. */
  name?: string;
  /**
   * `trip` (default): stop the run with `OutputGuardrailTripwireTriggered`.
   * `mask`: let the run finish and put the masked copy of the final output in `outputInfo.masked`
   * (read it with `maskedFinalOutput(result)`): the SDK lets no guardrail rewrite the output.
   */
  action?: 'trip' | 'mask';
  /** With `action: 'trip'`, which findings trip. Default `'any'`. */
  tripOn?: TripOn;
}

/**
 * An agent input guardrail that stops the run before the model is called (`runInParallel: false`)
 * when the user's input holds personal data or secrets. `outputInfo` tells which types were found
 * (never the values) and carries a masked copy of the input.
 */
export function airlockInputGuardrail(
  airlock: Airlock,
  options: SensitiveInputGuardrailOptions = {},
): InputGuardrail {
  const tripOn = options.tripOn ?? 'any';
  return {
    name: options.name ?? 'airlock_sensitive_input',
    runInParallel: false,
    execute: async ({ input }) => {
      const findings: Finding[] = [];
      const masked =
        typeof input === 'string'
          ? maskText(airlock, input, findings)
          : maskItemText(airlock, input, findings);
      return {
        tripwireTriggered: trips(findings, tripOn),
        outputInfo: { findings: countTypes(findings), masked },
      };
    },
  };
}

/** An agent output guardrail that trips on, or masks, personal data and secrets in the final output. */
export function airlockOutputGuardrail(
  airlock: Airlock,
  options: SensitiveOutputGuardrailOptions = {},
): OutputGuardrail<any> {
  const action = options.action ?? 'trip';
  const tripOn = options.tripOn ?? 'any';
  return {
    name: options.name ?? 'airlock_sensitive_output',
    execute: async ({ agentOutput }) => {
      const { value, findings } = airlock.sanitizer.mask(agentOutput as unknown);
      return {
        tripwireTriggered: action === 'trip' && trips(findings, tripOn),
        outputInfo: { findings: countTypes(findings), masked: value },
      };
    },
  };
}

/** The final output of a run with the masking of `airlockOutputGuardrail({ action: 'mask' })` applied. */
export function maskedFinalOutput<T = unknown>(
  result: {
    finalOutput?: unknown;
    outputGuardrailResults?: readonly {
      guardrail: { name: string };
      output: { outputInfo?: any };
    }[];
  },
  name = 'airlock_sensitive_output',
): T {
  const mine = result.outputGuardrailResults?.find((r) => r.guardrail.name === name);
  const info = mine?.output.outputInfo as { masked?: unknown } | undefined;
  return (info && 'masked' in info ? info.masked : result.finalOutput) as T;
}

/**
 * A `callModelInputFilter` (a Runner / run option) that masks personal data and secrets in every
 * message and tool output before each model call: the masking an input guardrail cannot do.
 */
export function airlockModelInputFilter(airlock: Airlock): CallModelInputFilter {
  return ({ modelData }) => ({ ...modelData, input: maskItemText(airlock, modelData.input) });
}

function maskText(airlock: Airlock, text: string, findings: Finding[]): string {
  const masked = airlock.sanitizer.mask(text);
  findings.push(...masked.findings);
  return masked.value;
}
