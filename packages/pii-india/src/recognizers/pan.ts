import { defineRecognizer } from '@airlock/core';
import { panStructureValid } from '../checksums.js';

/**
 * PAN (Permanent Account Number): 5 letters, 4 digits, a letter; the 4th letter is the holder
 * type. The check letter's algorithm is not published, so the structure decides (serial `0000`
 * is never issued).
 */
export const panRecognizer = defineRecognizer({
  name: 'pan',
  type: 'pan',
  patterns: [
    {
      name: 'pan',
      score: 0.6,
      regex: /[A-Z](?<![A-Za-z0-9][A-Z])[A-Z]{2}[ABCFGHJLPTK][A-Z]\d{4}[A-Z](?![A-Za-z0-9])/,
    },
  ],
  validate: (value) => (panStructureValid(value) ? undefined : false),
  context: ['pan', 'permanent account number', 'income tax', 'pan card', 'tax'],
  prefilter: { minDigits: 4 },
  maxLength: 10,
});
