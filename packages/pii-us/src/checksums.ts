import { digitsOf, isRepeated } from '@airlock/core';

/** ABA routing number: prefix ranges of the Federal Reserve districts, and the 3-7-1 checksum. */
export function abaRoutingValid(value: string): boolean {
  const d = digitsOf(value);
  if (d.length !== 9 || isRepeated(d)) return false;
  const prefix = Number(d.slice(0, 2));
  if (
    !(
      (prefix >= 0 && prefix <= 12) ||
      (prefix >= 21 && prefix <= 32) ||
      (prefix >= 61 && prefix <= 72) ||
      prefix === 80
    )
  )
    return false;
  const n = [...d].map(Number);
  const sum = 3 * (n[0]! + n[3]! + n[6]!) + 7 * (n[1]! + n[4]! + n[7]!) + (n[2]! + n[5]! + n[8]!);
  return sum % 10 === 0;
}

/** Numbers the SSA never issued or that are famous fakes (the Woolworth wallet card, ads). */
const NEVER_ISSUED = new Set(['123456789', '078051120', '219099999', '987654320', '987654321']);

/**
 * SSN "never issued" rules: area 000, 666 and 900-999 (the ITIN range), group 00, serial 0000,
 * one repeated digit, and known fakes.
 */
export function ssnIssuable(value: string): boolean {
  const d = digitsOf(value);
  if (d.length !== 9 || isRepeated(d) || NEVER_ISSUED.has(d)) return false;
  const area = d.slice(0, 3);
  if (area === '000' || area === '666' || area[0] === '9') return false;
  return d.slice(3, 5) !== '00' && d.slice(5) !== '0000';
}

/** ITIN: 9xx, group 50-65, 70-88, 90-92 or 94-99. */
export function itinValid(value: string): boolean {
  const d = digitsOf(value);
  if (d.length !== 9 || d[0] !== '9') return false;
  const g = Number(d.slice(3, 5));
  return (
    (g >= 50 && g <= 65) || (g >= 70 && g <= 88) || (g >= 90 && g <= 92) || (g >= 94 && g <= 99)
  );
}
