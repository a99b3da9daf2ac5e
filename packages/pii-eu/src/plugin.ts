import { type AirlockPlugin, definePlugin, type Recognizer } from '@airlock/core';
import {
  esNifRecognizer,
  frNirRecognizer,
  itFiscalCodeRecognizer,
  nlBsnRecognizer,
  plPeselRecognizer,
  ukNinoRecognizer,
} from './national-ids.js';
import { euVatRecognizer } from './vat.js';

/** Every entity type this pack recognizes. Presets are sets: combine them with `new Set([...a, ...b])`. */
export const EU_PII: ReadonlySet<string> = new Set([
  'eu_vat',
  'uk_nino',
  'es_nif',
  'it_fiscal_code',
  'fr_nir',
  'nl_bsn',
  'pl_pesel',
]);

/** The recognizers of this pack, one per type in `EU_PII`. */
export const EU_RECOGNIZERS: readonly Recognizer[] = [
  euVatRecognizer,
  ukNinoRecognizer,
  esNifRecognizer,
  itFiscalCodeRecognizer,
  frNirRecognizer,
  nlBsnRecognizer,
  plPeselRecognizer,
];

export interface PackOptions {
  /** Only these types (default: all of `EU_PII`). */
  types?: Iterable<string>;
}

/** The plugin: `createAirlock({ plugins: [euPii()] })` adds the European recognizers. */
export function euPii(options: PackOptions = {}): AirlockPlugin {
  const types = new Set(options.types ?? EU_PII);
  for (const t of types)
    if (!EU_PII.has(t))
      throw new TypeError(`euPii: unknown type '${t}' (known: ${[...EU_PII].join(', ')})`);
  return definePlugin({
    name: '@airlock/pii-eu',
    recognizers: EU_RECOGNIZERS.filter((r) => types.has(r.type)),
  });
}
