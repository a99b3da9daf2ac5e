/**
 * TEST-ONLY recognizers for email and Aadhaar numbers, standing in for core's default email
 * recognizer and `indiaPii()` from @airlock/pii-india until those land on main. They follow
 * the core `Recognizer` contract and the DESIGN.md type ids, so the masks read the same
 * (`[REDACTED:EMAIL]`, `[REDACTED:AADHAAR]`). Not for production use.
 */
import { defineRecognizer, type Recognizer } from '@airlock/core';

const D = [
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
const P = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
  [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
  [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
  [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
  [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];

function verhoeff(digits: string): boolean {
  let c = 0;
  const reversed = [...digits].reverse();
  for (let i = 0; i < reversed.length; i++) c = D[c]![P[i % 8]![Number(reversed[i])]!]!;
  return c === 0;
}

export const TEST_RECOGNIZERS: Recognizer[] = [
  defineRecognizer({
    name: 'test-email',
    type: 'email',
    patterns: [
      {
        name: 'email',
        regex: /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8}/g,
        score: 0.9,
      },
    ],
  }),
  defineRecognizer({
    name: 'test-aadhaar',
    type: 'aadhaar',
    patterns: [{ name: 'aadhaar', regex: /\b[2-9]\d{3}[ -]?\d{4}[ -]?\d{4}\b/g, score: 0.6 }],
    validate: (value) => verhoeff(value.replace(/\D/g, '')),
  }),
];

/** A customer record whose email and (checksum-valid) Aadhaar number must never reach a model. */
export const CUSTOMER = {
  id: 'c-42',
  name: 'Asha Rao',
  email: 'asha.rao@example.com',
  aadhaar: '2345 6789 0124',
};
