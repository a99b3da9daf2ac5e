import { defineRecognizer, type Recognizer } from '@airlock/core';

/**
 * STOPGAP — remove once the sanitizer work (issue 3) is on main.
 *
 * The demo must show Aadhaar, PAN, an IBAN and an API key being caught. Core's own recognizers
 * (email, phone, iban, api_key, ...) and the regional packs (`@airlock/pii-india` for aadhaar and
 * pan) are being finished on other branches. Until they land, `plugins.ts` installs these small
 * stand-ins, and only for the types nothing installed covers: as soon as core or a pack
 * recognizes a type, its stand-in here is no longer used.
 */

const VERHOEFF_D = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
  [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
  [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
  [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const VERHOEFF_P = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
  [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
  [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 7, 6, 8, 0],
  [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
  [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];

/** Aadhaar's check digit: a 12-digit number is an Aadhaar only if Verhoeff says so. */
function verhoeffValid(digits: string): boolean {
  let c = 0;
  for (let i = 0; i < digits.length; i++) {
    const d = digits.charCodeAt(digits.length - 1 - i) - 48;
    c = VERHOEFF_D[c]![VERHOEFF_P[i % 8]![d]!]!;
  }
  return c === 0;
}

/** ISO 13616: move the first four characters to the end, letters to numbers, mod 97 is 1. */
function ibanValid(value: string): boolean {
  const s = value.replace(/ /g, '').toUpperCase();
  const moved = s.slice(4) + s.slice(0, 4);
  let rest = 0;
  for (const ch of moved) {
    const n = ch >= 'A' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const digit of n) rest = (rest * 10 + (digit.charCodeAt(0) - 48)) % 97;
  }
  return rest === 1;
}

// Every pattern below is a fixed sequence of bounded classes: linear time on any input.
const STAND_INS: Recognizer[] = [
  defineRecognizer({
    name: 'demo-aadhaar',
    type: 'aadhaar',
    patterns: [{ name: 'aadhaar', regex: /\b[2-9]\d{3}[ -]?\d{4}[ -]?\d{4}\b/g, score: 0.6 }],
    validate: (v) => verhoeffValid(v.replace(/\D/g, '')),
    maxLength: 14,
  }),
  defineRecognizer({
    name: 'demo-pan',
    type: 'pan',
    patterns: [{ name: 'pan', regex: /\b[A-Z]{3}[PCHFATBLJG][A-Z]\d{4}[A-Z]\b/g, score: 0.8 }],
    maxLength: 10,
  }),
  defineRecognizer({
    name: 'demo-iban',
    type: 'iban',
    patterns: [
      {
        name: 'iban',
        regex: /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b/g,
        score: 0.6,
      },
    ],
    validate: ibanValid,
    maxLength: 42,
  }),
  defineRecognizer({
    name: 'demo-email',
    type: 'email',
    patterns: [
      { name: 'email', regex: /[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}/g, score: 0.9 },
    ],
  }),
  defineRecognizer({
    name: 'demo-phone',
    type: 'phone',
    patterns: [{ name: 'e164', regex: /\+\d{1,3}[ -]?\d{4,5}[ -]?\d{4,6}\b/g, score: 0.7 }],
    maxLength: 20,
  }),
  defineRecognizer({
    name: 'demo-api-key',
    type: 'api_key',
    patterns: [
      {
        name: 'openai',
        regex: /(?<![\w-])sk-(?:proj-)?[A-Za-z0-9_-]{20,200}(?![\w-])/g,
        score: 0.9,
      },
    ],
    maxLength: 210,
  }),
];

/** Entity types the stand-ins cover. */
export const STAND_IN_TYPES: readonly string[] = STAND_INS.map((r) => r.type);

/** The stand-ins for the types in `missing` (types nothing installed recognizes). */
export function standInRecognizers(missing: Iterable<string>): Recognizer[] {
  const wanted = new Set(missing);
  return STAND_INS.filter((r) => wanted.has(r.type));
}
