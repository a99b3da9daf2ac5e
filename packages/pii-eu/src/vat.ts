import { defineRecognizer } from '@airlock/core';
import { type StdnumValidate, validator } from './validators.js';

/** The VAT number validator of each EU member state (python-stdnum's algorithms, via stdnum). */
export const VAT: Record<string, StdnumValidate> = {
  AT: validator('AT', 'uid'),
  BE: validator('BE', 'vat'),
  BG: validator('BG', 'vat'),
  CY: validator('CY', 'vat'),
  CZ: validator('CZ', 'dic'),
  DE: validator('DE', 'vat'),
  DK: validator('DK', 'cvr'),
  EE: validator('EE', 'kmkr'),
  EL: validator('GR', 'vat'),
  GR: validator('GR', 'vat'),
  ES: validator('ES', 'nif'),
  FI: validator('FI', 'alv'),
  FR: validator('FR', 'tva'),
  HR: validator('HR', 'oib'),
  HU: validator('HU', 'anum'),
  IE: validator('IE', 'vat'),
  IT: validator('IT', 'iva'),
  LT: validator('LT', 'pvm'),
  LU: validator('LU', 'tva'),
  LV: validator('LV', 'pvn'),
  MT: validator('MT', 'vat'),
  NL: validator('NL', 'btw'),
  PL: validator('PL', 'nip'),
  PT: validator('PT', 'nif'),
  RO: validator('RO', 'cif'),
  SE: validator('SE', 'vat'),
  SI: validator('SI', 'ddv'),
  SK: validator('SK', 'dph'),
};

/** Member states whose check digit is not published (Germany's BZSt): a failed check keeps the prior. */
const UNOFFICIAL_CHECKSUM = new Set(['DE']);

export const EU_VAT_COUNTRIES: readonly string[] = Object.keys(VAT);

/**
 * The lengths (with the country prefix) a compact number must have for the state's validator to
 * accept it or fail only its checksum. Each validator strips the prefix and then rejects any other
 * length outright (Belgium and Greece pad one digit short, Romania takes 2 to 10 digits or 13);
 * checking first saves a call to it (they cost far more). The Netherlands pads to its length,
 * so every number goes to its validator. A test holds this against the validators.
 */
export const VAT_LENGTHS: Record<string, readonly number[]> = {
  AT: [11],
  BE: [11, 12],
  BG: [11, 12],
  CY: [11],
  CZ: [10, 11, 12],
  DE: [11],
  DK: [10],
  EE: [11],
  EL: [10, 11],
  GR: [10, 11],
  ES: [11],
  FI: [10],
  FR: [13],
  HR: [13],
  HU: [10],
  IE: [10, 11],
  IT: [13],
  LT: [11, 14],
  LU: [10],
  LV: [13],
  MT: [10],
  PL: [12],
  PT: [11],
  RO: [4, 5, 6, 7, 8, 9, 10, 11, 12, 15],
  SE: [14],
  SI: [10],
  SK: [12],
};

/** Validates one compact VAT number (`DE136695976`): true, false, or undefined (checksum not normative). */
export function euVatValid(compact: string): boolean | undefined {
  const cc = compact.slice(0, 2).toUpperCase();
  const validate = VAT[cc];
  if (!validate) return false;
  // Only for the characters the recognizer passes (capitals, digits, `+`, `*`): nothing else
  // that a validator's clean-up would remove or change.
  const lengths = VAT_LENGTHS[cc];
  if (lengths && /^[A-Z0-9+*]*$/.test(compact) && !lengths.includes(compact.length)) return false;
  const r = validate(compact);
  if (r.isValid) return true;
  const kind = r.error?.name ?? r.error?.constructor.name;
  return kind === 'InvalidChecksum' && UNOFFICIAL_CHECKSUM.has(cc) ? undefined : false;
}

/**
 * EU VAT numbers: a member-state prefix (Greece `EL`) and the national number, with spaces, dots
 * or dashes (`DE 246 595 415`, `BE 0403.170.701`), checked with each state's own algorithm.
 * The pattern may swallow a word after a spaced number, so the longest valid prefix that ends
 * at a separator is the value.
 */
export const euVatRecognizer = defineRecognizer({
  name: 'eu-vat',
  type: 'eu_vat',
  patterns: [
    {
      name: 'vat',
      score: 0.5,
      regex: new RegExp(
        // After the prefix comes a digit, except Austria's `U` and Spanish or French letters.
        `[A-Z](?<![A-Za-z0-9][A-Z])[A-Z](?<=${EU_VAT_COUNTRIES.join('|')})[ .-]?(?:\\d|(?<=AT[ .-]?)U|(?<=(?:ES|FR)[ .-]?)[A-Z])(?:[ .-]?[0-9A-Z+*]){7,13}(?![A-Za-z0-9])`,
      ),
    },
  ],
  validate(value) {
    const cuts: number[] = [];
    for (let i = value.length; i > 4; i--)
      if (i === value.length || /[ .-]/.test(value[i]!)) cuts.push(i);
    let unknownAt = 0;
    for (const cut of cuts) {
      const compact = value.slice(0, cut).replace(/[ .-]/g, '');
      if ((compact.match(/\d/g) ?? []).length < 6) break;
      const ok = euVatValid(compact);
      if (ok === true) return { valid: true, length: cut };
      if (ok === undefined && unknownAt === 0) unknownAt = cut;
    }
    return unknownAt > 0 ? { valid: undefined, length: unknownAt } : false;
  },
  context: [
    'vat',
    'vat number',
    'vat id',
    'tax id',
    'ust',
    'ustidnr',
    'ust-idnr',
    'partita iva',
    'iva',
    'tva',
    'btw',
    'nif',
    'cif',
    'mwst',
    'moms',
    'alv',
    'dph',
    'ddv',
    'pvm',
    'pvn',
    'nip',
  ],
  prefilter: { minDigits: 6 },
  maxLength: 24,
  normalize: (v) => v.replace(/[ .-]/g, '').toUpperCase(),
});
