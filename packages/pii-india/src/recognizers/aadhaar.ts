import { defineRecognizer, digitsOf, isRepeated } from '@airlock/core';
import { verhoeffValid } from '../checksums.js';

/**
 * Aadhaar: 12 digits, never starting with 0 or 1, Verhoeff check digit, not a palindrome. The
 * 4-4-4 grouped form (with one consistent separator) passes on format and checksum; a bare
 * 12-digit run needs a context word, because about 8% of AWS account ids and other 12-digit
 * ids pass Verhoeff too (anti-context words like `arn` and `account` drop those).
 */
export const aadhaarRecognizer = defineRecognizer({
  name: 'aadhaar',
  type: 'aadhaar',
  patterns: [
    {
      name: 'grouped',
      score: 0.3,
      regex: /\d(?<![\w\-:.+]\d|\d[ :-]\d)(?<=[2-9])\d{3}([ :-])\d{4}\1\d{4}(?![\w:-]|[.,]\d|\1\d)/,
    },
    {
      name: 'bare',
      score: 0.3,
      requiresContext: true,
      regex: /\d(?<![\w\-.+:]\d)(?<=[2-9])\d{11}(?![\w-]|[.,:]\d)/,
    },
  ],
  validate(value) {
    const d = digitsOf(value);
    if (d.length !== 12 || d[0] === '0' || d[0] === '1' || isRepeated(d)) return false;
    if (d === [...d].reverse().join('')) return false;
    return verhoeffValid(d);
  },
  context: ['aadhaar', 'aadhar', 'adhaar', 'uidai', 'uid', 'आधार', 'kyc', 'unique identification'],
  antiContext: [
    'arn',
    'aws',
    'iam',
    'account',
    'accountid',
    'order',
    'invoice',
    'phone',
    'mobile',
    'ts',
    'timestamp',
    'epoch',
  ],
  prefilter: { minDigits: 12 },
  maxLength: 16,
  normalize: digitsOf,
});
