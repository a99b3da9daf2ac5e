import { type AirlockPlugin, definePlugin, type Recognizer } from '@airlock/core';
import {
  ssnRecognizer,
  usBankRoutingRecognizer,
  usItinRecognizer,
  usPassportRecognizer,
} from './recognizers.js';

/** Every entity type this pack recognizes. Presets are sets: combine them with `new Set([...a, ...b])`. */
export const US_PII: ReadonlySet<string> = new Set([
  'ssn',
  'us_itin',
  'us_passport',
  'us_bank_routing',
]);

/** The recognizers of this pack, one per type in `US_PII`. */
export const US_RECOGNIZERS: readonly Recognizer[] = [
  ssnRecognizer,
  usItinRecognizer,
  usPassportRecognizer,
  usBankRoutingRecognizer,
];

export interface PackOptions {
  /** Only these types (default: all of `US_PII`). */
  types?: Iterable<string>;
}

/** The plugin: `createAirlock({ plugins: [usPii()] })` adds the US recognizers. */
export function usPii(options: PackOptions = {}): AirlockPlugin {
  const types = new Set(options.types ?? US_PII);
  for (const t of types)
    if (!US_PII.has(t))
      throw new TypeError(`usPii: unknown type '${t}' (known: ${[...US_PII].join(', ')})`);
  return definePlugin({
    name: '@airlock/pii-us',
    recognizers: US_RECOGNIZERS.filter((r) => types.has(r.type)),
  });
}
