/** Check-digit algorithms shared by the recognizers (and exported for the regional packs). */

/** Luhn (mod 10) over a string of digits: cards, SIREN, IMEI. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/**
 * The remainder mod 97 of an alphanumeric string read as a number with letters as 10..35
 * (ISO 7064 MOD 97-10, as IBANs use), computed piecewise so it never overflows.
 */
export function mod97(text: string): number {
  let rem = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) rem = (rem * 10 + (c - 48)) % 97;
    else if (c >= 65 && c <= 90) rem = (rem * 100 + (c - 55)) % 97;
    else return -1;
  }
  return rem;
}

/** ISO 7064 MOD 11,10 (German VAT, Croatian OIB): the last digit checks the others. */
export function iso7064Mod11_10Valid(digits: string): boolean {
  let check = 5;
  for (let i = 0; i < digits.length; i++) {
    const d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    check = ((((check || 10) * 2) % 11) + d) % 10;
  }
  return digits.length > 1 && check === 1;
}

/** The digits of `value`, dropping everything else. */
export function digitsOf(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) out += value[i];
  }
  return out;
}

/** Shannon entropy in bits per character (of the first 256 characters, ASCII counted exactly). */
export function shannonEntropy(value: string): number {
  const n = Math.min(value.length, 256);
  if (n === 0) return 0;
  const counts = new Uint16Array(129);
  for (let i = 0; i < n; i++) counts[Math.min(value.charCodeAt(i), 128)]!++;
  let h = 0;
  for (let c = 0; c < 129; c++) {
    const k = counts[c]!;
    if (k > 0) {
      const p = k / n;
      h -= p * Math.log2(p);
    }
  }
  return h;
}

/** `true` when every character is the same (`0000`, `xxxx`): a placeholder, never an id. */
export function isRepeated(value: string): boolean {
  for (let i = 1; i < value.length; i++) if (value[i] !== value[0]) return false;
  return true;
}
