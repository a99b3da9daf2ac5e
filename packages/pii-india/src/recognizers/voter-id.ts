import { defineRecognizer } from '@airlock/core';

/**
 * EPIC (voter id): 3 letters and 7 digits. `INV2024001`-style invoice numbers share the shape,
 * and the Luhn claim for the digits is not authoritative, so it needs a context word.
 */
export const inVoterIdRecognizer = defineRecognizer({
  name: 'in-voter-id',
  type: 'in_voter_id',
  patterns: [
    {
      name: 'epic',
      score: 0.3,
      requiresContext: true,
      regex: /[A-Z](?<![A-Za-z0-9][A-Z])[A-Z]{2}\d{7}(?![A-Za-z0-9])/,
    },
  ],
  context: ['voter', 'voter id', 'epic', 'election', 'elector', 'electoral'],
  prefilter: { minDigits: 7 },
  maxLength: 10,
});
