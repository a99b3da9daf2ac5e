import { type AirlockPlugin, definePlugin, type Recognizer } from '@airlock/core';
import {
  aadhaarRecognizer,
  gstinRecognizer,
  ifscRecognizer,
  inPassportRecognizer,
  inVehicleRegistrationRecognizer,
  inVoterIdRecognizer,
  panRecognizer,
  upiRecognizer,
} from './recognizers/index.js';

/** Every entity type this pack recognizes. Presets are sets: combine them with `new Set([...a, ...b])`. */
export const INDIA_PII: ReadonlySet<string> = new Set([
  'aadhaar',
  'pan',
  'upi_id',
  'ifsc',
  'in_passport',
  'gstin',
  'in_vehicle_registration',
  'in_voter_id',
]);

/** The recognizers of this pack, one per type in `INDIA_PII`. */
export const INDIA_RECOGNIZERS: readonly Recognizer[] = [
  aadhaarRecognizer,
  panRecognizer,
  upiRecognizer,
  ifscRecognizer,
  inPassportRecognizer,
  gstinRecognizer,
  inVehicleRegistrationRecognizer,
  inVoterIdRecognizer,
];

export interface PackOptions {
  /** Only these types (default: all of `INDIA_PII`). */
  types?: Iterable<string>;
}

/** The plugin: `createAirlock({ plugins: [indiaPii()] })` adds the Indian recognizers. */
export function indiaPii(options: PackOptions = {}): AirlockPlugin {
  const types = new Set(options.types ?? INDIA_PII);
  for (const t of types)
    if (!INDIA_PII.has(t))
      throw new TypeError(`indiaPii: unknown type '${t}' (known: ${[...INDIA_PII].join(', ')})`);
  return definePlugin({
    name: '@airlock/pii-india',
    recognizers: INDIA_RECOGNIZERS.filter((r) => types.has(r.type)),
  });
}
