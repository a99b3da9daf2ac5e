import { defineRecognizer, digitsOf, isRepeated } from '@airlock/core';
import { abaRoutingValid, itinValid, ssnIssuable } from './checksums.js';

const NUMBER_NOISE = [
  'phone',
  'tel',
  'fax',
  'order',
  'invoice',
  'part',
  'sku',
  'model',
  'zip',
  'isbn',
  'date',
  'ts',
  'timestamp',
];

/**
 * Social Security Number. `123-45-6789` with one consistent separator passes on format; a bare
 * 9-digit run needs a context word. Never-issued numbers are dropped.
 */
export const ssnRecognizer = defineRecognizer({
  name: 'ssn',
  type: 'ssn',
  patterns: [
    {
      name: 'delimited',
      score: 0.5,
      regex: /\d(?<![\w\-.+]\d|\d[ -]\d)\d{2}([ -])\d{2}\1\d{4}(?![\w-]|[.,]\d|\1\d)/,
    },
    {
      name: 'bare',
      score: 0.3,
      requiresContext: true,
      regex: /\d(?<![\w\-.+]\d)\d{8}(?![\w-]|[.,]\d)/,
    },
  ],
  validate: (value) => (ssnIssuable(value) ? undefined : false),
  context: ['ssn', 'ssns', 'social security', 'social security number', 'ss', 'social'],
  antiContext: NUMBER_NOISE,
  prefilter: { minDigits: 9 },
  maxLength: 11,
  normalize: digitsOf,
});

/** Individual Taxpayer Identification Number: 9xx-[50-65|70-88|90-92|94-99]-xxxx. */
export const usItinRecognizer = defineRecognizer({
  name: 'us-itin',
  type: 'us_itin',
  patterns: [
    {
      name: 'delimited',
      score: 0.5,
      regex: /9(?<![\w\-.+]9|\d[ -]9)\d{2}([ -])\d{2}\1\d{4}(?![\w-]|[.,]\d|\1\d)/,
    },
    {
      name: 'bare',
      score: 0.3,
      requiresContext: true,
      regex: /9(?<![\w\-.+]9)\d{8}(?![\w-]|[.,]\d)/,
    },
  ],
  validate: (value) => (itinValid(value) ? undefined : false),
  context: ['itin', 'taxpayer', 'individual taxpayer', 'tin', 'tax id'],
  antiContext: NUMBER_NOISE,
  prefilter: { minDigits: 9 },
  maxLength: 11,
  normalize: digitsOf,
});

/** US passport: 9 digits, or a letter and 8 digits (next generation). Only with context. */
export const usPassportRecognizer = defineRecognizer({
  name: 'us-passport',
  type: 'us_passport',
  patterns: [
    {
      name: 'passport',
      score: 0.3,
      requiresContext: true,
      regex: /[A-Z0-9](?<![A-Za-z0-9][A-Z0-9])\d{8}(?![A-Za-z0-9])/,
    },
  ],
  validate: (value) => (isRepeated(digitsOf(value)) ? false : undefined),
  context: ['passport', 'passport no', 'passport number', 'us passport'],
  prefilter: { minDigits: 8 },
  maxLength: 9,
});

/** ABA routing transit number, with its checksum. Nine digits are common, so context is required. */
export const usBankRoutingRecognizer = defineRecognizer({
  name: 'us-bank-routing',
  type: 'us_bank_routing',
  patterns: [
    {
      name: 'aba',
      score: 0.3,
      requiresContext: true,
      regex: /\d(?<![\w\-.+]\d)\d{8}(?![\w-]|[.,]\d)/,
    },
  ],
  validate: (value) => abaRoutingValid(value),
  context: ['routing', 'routing number', 'aba', 'rtn', 'ach', 'wire', 'transit', 'bank routing'],
  prefilter: { minDigits: 9 },
  maxLength: 9,
});
