import { defineRecognizer } from '@airlock/core';

/** UPI payment service provider handles (the part after `@`). */
export const UPI_HANDLES: ReadonlySet<string> = new Set(
  (
    'ybl ibl axl apl paytm okaxis okicici okhdfcbank oksbi phonepe gpay airtel airtelpaymentsbank jio freecharge mobikwik ' +
    'amazonpay apay waicici wahdfcbank waaxis wasbi axisbank axisb okbizaxis naviaxis hdfcbank payzapp icici pockets ' +
    'idfcbank idfcfirst idfc kotak kmbl kmb yesbank yapl yesg fbl federal indus indusind rbl dbs aubank barodampay ' +
    'ptsbi ptaxis pthdfc ptyes superyes timecosmos cred sbi pnb boi cnrb upi abfspay axisbank ikwik jupiteraxis slice ' +
    'fam ratn rmhdfcbank tapicici waaxis unionbank ubi uco centralbank cboi allbank andb kvb dcb equitas ujjivan bandhan'
  ).split(' '),
);

function isLocal(c: number): boolean {
  return (
    (c >= 48 && c <= 57) ||
    (c >= 65 && c <= 90) ||
    (c >= 97 && c <= 122) ||
    c === 46 ||
    c === 95 ||
    c === 45
  );
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * The next `@` from `from` on after two name characters and before a handle of 2 to 24 letters
 * that does not run on into a digit, `.`, `@` or `-` (found with `indexOf`, which is fast).
 */
export function nextHandleAt(text: string, from: number): number {
  for (let at = text.indexOf('@', from); at >= 0; at = text.indexOf('@', at + 1)) {
    if (at < 2 || !isLocal(text.charCodeAt(at - 1)) || !isLocal(text.charCodeAt(at - 2))) continue;
    let e = at + 1;
    while (e - at <= 25 && isLetter(text.charCodeAt(e))) e++;
    const letters = e - at - 1;
    if (letters < 2 || letters > 24) continue;
    const next = text.charCodeAt(e);
    if (isLetter(next) || (next >= 48 && next <= 57) || next === 46 || next === 64 || next === 45)
      continue;
    return at;
  }
  return -1;
}

/** `name@handle` where the handle is a known PSP and is not the start of an email domain. */
function* findUpi(text: string): Generator<[number, number]> {
  for (let at = nextHandleAt(text, 0); at >= 0; at = nextHandleAt(text, at + 1)) {
    let s = at;
    while (s > 0 && at - s < 256 && isLocal(text.charCodeAt(s - 1))) s--;
    if (at - s < 2) continue;
    let e = at + 1;
    while (e < text.length && e - at <= 24 && /[A-Za-z]/.test(text[e]!)) e++;
    const next = text.charCodeAt(e);
    // `name@okaxis.com` is an email; `name@okaxis2` is neither.
    if (isLocal(next) || next === 64) continue;
    if (UPI_HANDLES.has(text.slice(at + 1, e).toLowerCase())) yield [s, e];
  }
}

/** UPI virtual payment addresses (`name@okaxis`, `9876543210@ybl`). */
export const upiRecognizer = defineRecognizer({
  name: 'upi-id',
  type: 'upi_id',
  patterns: [{ name: 'vpa', score: 0.9, find: findUpi }],
  context: ['upi', 'vpa', 'upi id', 'pay', 'gpay', 'phonepe', 'paytm'],
  prefilter: { keywords: ['@'] },
  maxLength: 280,
  partial: (v) => `***${v.slice(v.lastIndexOf('@'))}`,
  normalize: (v) => v.toLowerCase(),
});
