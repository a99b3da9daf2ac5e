import { digitsOf, isRepeated } from '../checksums.js';
import { defineRecognizer } from '../recognizer.js';

const PHONE_WORDS = [
  'phone',
  'telephone',
  'tel',
  'mobile',
  'cell',
  'cellphone',
  'call',
  'fax',
  'whatsapp',
  'contact',
  'ph',
  'mob',
  'sms',
  'landline',
  'helpline',
  'hotline',
];

/**
 * Phone numbers are gated on cues, because bare digit runs in tool output are ids and epoch
 * timestamps (1718035200 is a valid German mobile number to libphonenumber). A match needs a
 * leading `+`, NANP-style separators, or a phone word nearby; anti-context words (order, id,
 * timestamp) drop it.
 */
export const phoneRecognizer = defineRecognizer({
  name: 'phone',
  type: 'phone',
  patterns: [
    // Each pattern starts with a character before its boundary lookbehind, so the regex engine
    // skips fast to the places that can start a number.
    {
      name: 'international',
      score: 0.6,
      regex:
        /\+(?<![\w+]\+)[1-9]\d{0,3}(?:\d{3,11}|[ .-]?\(\d{1,4}\)[ .-]?\d{1,6}|[ .-]\d{1,6})(?:[ .-]\d{1,6}){0,5}(?![\w-]|[.,]\d)/,
    },
    {
      name: 'nanp-parens',
      score: 0.6,
      regex: /\((?<![\w+\-.]\()[2-9]\d{2}\)[ .-]?\d{3}[ .-]\d{4}(?![\w-]|[.,]\d)/,
    },
    {
      name: 'nanp',
      score: 0.6,
      regex:
        /\d(?<![\w+\-.]\d)(?:(?<=1)[ .-]?\(?[2-9]\d{2}\)?|(?<=[2-9])\d{2})[ .-]\d{3}[ .-]\d{4}(?![\w-]|[.,]\d)/,
    },
    {
      name: 'national-trunk',
      score: 0.3,
      requiresContext: true,
      regex: /0(?<![\w+\-.]0)\d{1,4}[ -]\d{3,4}[ -]?\d{3,4}(?![\w-]|[.,]\d)/,
    },
    {
      name: 'digits-with-context',
      score: 0.3,
      requiresContext: true,
      regex: /\d(?<![\w+\-.]\d)(?<=[1-9])\d{9,12}(?![\w-]|[.,]\d)/,
    },
  ],
  validate(value, { pattern }) {
    const digits = digitsOf(value);
    const min = pattern === 'international' ? 8 : pattern === 'national-trunk' ? 9 : 10;
    if (digits.length < min || digits.length > 15 || isRepeated(digits.slice(-7))) return false;
    // North America (+1) numbers have exactly 11 digits with the country code.
    if (pattern === 'international' && digits[0] === '1' && digits.length !== 11) return false;
    return undefined;
  },
  context: PHONE_WORDS,
  antiContext: [
    'order',
    'invoice',
    'id',
    'ts',
    'timestamp',
    'epoch',
    'time',
    'created',
    'updated',
    'date',
    'tracking',
    'sku',
    'isbn',
    'ref',
    'reference',
    'transaction',
    'txn',
    'amount',
    'price',
    'total',
    'serial',
    'build',
    'version',
    'port',
    'pid',
    'size',
    'bytes',
    'count',
  ],
  prefilter: { minDigits: 7 },
  maxLength: 40,
  normalize: (v) => (v.trim().startsWith('+') ? '+' : '') + digitsOf(v),
});
