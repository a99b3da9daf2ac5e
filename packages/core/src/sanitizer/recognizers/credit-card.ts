import { digitsOf, isRepeated, luhnValid } from '../checksums.js';
import { defineRecognizer } from '../recognizer.js';

/** Whether the number's issuer prefix (IIN) allows its length. */
export function cardBrandAllows(d: string): boolean {
  const len = d.length;
  const p2 = Number(d.slice(0, 2));
  const p3 = Number(d.slice(0, 3));
  const p4 = Number(d.slice(0, 4));
  if (d[0] === '4') return len === 13 || len === 16 || len === 19; // Visa
  if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) return len === 16; // Mastercard
  if (p4 >= 2200 && p4 <= 2204) return len === 16; // Mir
  if (p2 === 34 || p2 === 37) return len === 15; // Amex
  if ((p3 >= 300 && p3 <= 305) || p2 === 36 || p2 === 38 || p2 === 39)
    return len >= 14 && len <= 19; // Diners
  if (p4 === 6011 || (p3 >= 644 && p3 <= 649) || p2 === 65) return len >= 16 && len <= 19; // Discover, RuPay 65
  if (p4 >= 3528 && p4 <= 3589) return len >= 16 && len <= 19; // JCB
  if (p2 === 62) return len >= 16 && len <= 19; // UnionPay
  if (p2 === 60 || p2 === 81 || p2 === 82 || p3 === 508) return len === 16; // RuPay
  if (p2 === 50 || (p2 >= 56 && p2 <= 69)) return len >= 12 && len <= 19; // Maestro
  return false;
}

/** Card numbers of every major brand, contiguous or grouped by spaces or dashes, with Luhn. */
export const creditCardRecognizer = defineRecognizer({
  name: 'credit-card',
  type: 'credit_card',
  patterns: [
    // The first digit is matched before the boundary lookbehind: the engine then skips non-digits fast.
    { name: 'contiguous', score: 0.3, regex: /\d(?<![\w\-.+]\d)\d{11,18}(?![\w-]|[.,]\d)/ },
    {
      name: 'grouped',
      score: 0.3,
      regex:
        /\d(?<![\w\-.+]\d|\d[ -]\d)\d{3}([ -])(?:\d{4}\1\d{4}\1\d{1,4}(?:\1\d{3})?|\d{6}\1\d{4,5})(?![\w-]|[.,]\d)/,
    },
  ],
  validate(value) {
    const d = digitsOf(value);
    if (isRepeated(d) || !cardBrandAllows(d)) return false;
    return luhnValid(d);
  },
  context: [
    'card',
    'credit',
    'debit',
    'visa',
    'mastercard',
    'amex',
    'cc',
    'payment',
    'discover',
    'jcb',
    'rupay',
    'maestro',
  ],
  antiContext: ['tracking', 'imei', 'isbn', 'iccid', 'serial'],
  prefilter: { minDigits: 12 },
  maxLength: 24,
  normalize: digitsOf,
});
