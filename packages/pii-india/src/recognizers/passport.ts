import { defineRecognizer } from '@airlock/core';

/** Indian passport: a letter and 7 digits (first and last non-zero). Only with context. */
export const inPassportRecognizer = defineRecognizer({
  name: 'in-passport',
  type: 'in_passport',
  patterns: [
    {
      name: 'passport',
      score: 0.3,
      requiresContext: true,
      regex: /[A-Z](?<![A-Za-z0-9][A-Z])[1-9]\d ?\d{4}[1-9](?![A-Za-z0-9])/,
    },
  ],
  context: ['passport', 'passport no', 'passport number', 'indian passport'],
  prefilter: { minDigits: 7 },
  maxLength: 9,
});
