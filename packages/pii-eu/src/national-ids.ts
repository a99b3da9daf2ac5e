import { defineRecognizer, digitsOf } from '@airlock/core';
import { validator } from './validators.js';

const dni = validator('ES', 'dni');
const nie = validator('ES', 'nie');
const codiceFiscale = validator('IT', 'codicefiscale');
const nir = validator('FR', 'nir');
const bsn = validator('NL', 'bsn');
const pesel = validator('PL', 'pesel');

/** UK National Insurance number: prefix rules only (there is no check digit). */
export const ukNinoRecognizer = defineRecognizer({
  name: 'uk-nino',
  type: 'uk_nino',
  patterns: [
    {
      name: 'nino',
      score: 0.6,
      regex: /[A-Z](?<![A-Za-z0-9][A-Z])[A-Z]( ?)\d{2}\1\d{2}\1\d{2}\1[A-D](?![A-Za-z0-9])/,
    },
  ],
  validate(value) {
    const v = value.replace(/ /g, '');
    if (/[DFIQUV]/.test(v[0]!) || /[DFIOQUV]/.test(v[1]!)) return false;
    if (['BG', 'GB', 'NK', 'KN', 'NT', 'TN', 'ZZ'].includes(v.slice(0, 2))) return false;
    return undefined;
  },
  context: ['national insurance', 'nino', 'ni number', 'ni no', 'nin', 'insurance number'],
  prefilter: { minDigits: 6 },
  maxLength: 13,
  normalize: (v) => v.replace(/ /g, ''),
});

/** Spanish DNI (8 digits + letter) and NIE (X/Y/Z + 7 digits + letter), mod 23 check letter. */
export const esNifRecognizer = defineRecognizer({
  name: 'es-nif',
  type: 'es_nif',
  patterns: [
    { name: 'dni', score: 0.4, regex: /\d(?<![A-Za-z0-9\-.]\d)\d{7}-?[A-Z](?![A-Za-z0-9])/ },
    { name: 'nie', score: 0.4, regex: /[XYZ](?<![A-Za-z0-9][XYZ])-?\d{7}-?[A-Z](?![A-Za-z0-9])/ },
  ],
  validate: (value, { pattern }) => (pattern === 'dni' ? dni(value) : nie(value)).isValid,
  context: ['dni', 'nie', 'nif', 'documento', 'identidad', 'documento nacional de identidad'],
  antiContext: ['order', 'invoice', 'sku', 'ref'],
  prefilter: { minDigits: 7 },
  maxLength: 11,
  normalize: (v) => v.replace(/-/g, ''),
});

/** Italian codice fiscale: 16 characters with the odd/even-table check character (omocodia included). */
export const itFiscalCodeRecognizer = defineRecognizer({
  name: 'it-fiscal-code',
  type: 'it_fiscal_code',
  patterns: [
    {
      name: 'codice-fiscale',
      score: 0.5,
      regex:
        /[A-Z](?<![A-Za-z0-9][A-Z])[A-Z]{5}[0-9LMNPQRSTUV]{2}[A-EHLMPR-T][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z](?![A-Za-z0-9])/,
    },
  ],
  validate: (value) => codiceFiscale(value).isValid,
  context: ['codice fiscale', 'cf', 'fiscal code', 'tax code'],
  prefilter: { minDigits: 2 },
  maxLength: 16,
});

/** French NIR (social security number): 13 digits + 2-digit key (97 - n mod 97), Corsica 2A/2B. */
export const frNirRecognizer = defineRecognizer({
  name: 'fr-nir',
  type: 'fr_nir',
  patterns: [
    {
      name: 'nir',
      score: 0.4,
      regex:
        /[1278](?<![\w\-.+][1278]|\d [1278])( ?)\d{2}\1\d{2}\1(?:\d{2}|2[AB])\1\d{3}\1\d{3}\1?\d{2}(?![\w-]|[.,]\d| \d)/,
    },
  ],
  validate: (value) => nir(value.replace(/ /g, '')).isValid,
  context: [
    'nir',
    'sécurité sociale',
    'securite sociale',
    'numéro de sécurité sociale',
    'insee',
    'social security',
  ],
  prefilter: { minDigits: 13 },
  maxLength: 21,
  normalize: (v) => v.replace(/ /g, ''),
});

/** Dutch BSN: 9 digits, the eleven test. Nine-digit numbers are everywhere, so context is required. */
export const nlBsnRecognizer = defineRecognizer({
  name: 'nl-bsn',
  type: 'nl_bsn',
  patterns: [
    {
      name: 'bsn',
      score: 0.3,
      requiresContext: true,
      regex: /\d(?<![\w\-.+]\d)\d{3}\.?\d{2}\.?\d{3}(?![\w-]|[.,]\d)/,
    },
  ],
  validate: (value) => bsn(digitsOf(value)).isValid,
  context: ['bsn', 'burgerservicenummer', 'sofinummer', 'citizen service number'],
  prefilter: { minDigits: 9 },
  maxLength: 11,
  normalize: digitsOf,
});

/** Polish PESEL: 11 digits with the birth date inside and a weighted check digit. Context required. */
export const plPeselRecognizer = defineRecognizer({
  name: 'pl-pesel',
  type: 'pl_pesel',
  patterns: [
    {
      name: 'pesel',
      score: 0.3,
      requiresContext: true,
      regex: /\d(?<![\w\-.+]\d)\d{10}(?![\w-]|[.,]\d)/,
    },
  ],
  validate: (value) => pesel(value).isValid,
  context: ['pesel', 'numer pesel', 'pesel number'],
  prefilter: { minDigits: 11 },
  maxLength: 11,
});
