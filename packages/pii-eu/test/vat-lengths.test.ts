import { describe, expect, it } from 'vitest';
import { EU_VAT_COUNTRIES, VAT, VAT_LENGTHS } from '../src/vat.js';

/**
 * `euVatValid` skips a state's validator for a number of the wrong length. That is only right if
 * the validator itself rejects every such number other than for its checksum (a failed checksum
 * is what Germany's leaves unknown). Random numbers of every length, of the characters the
 * recognizer passes on, check it; and every accepted length must reach the checksum sometimes.
 */
describe('VAT number lengths checked before the validators', () => {
  it('a validator never accepts, nor fails only the checksum of, a number of another length', () => {
    let s = 11;
    const r = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
    const digits = '0123456789';
    const other = 'UBXYZKLMN+*ACDEFGHIJOPQRSTVW';
    for (const cc of EU_VAT_COUNTRIES) {
      const lengths = VAT_LENGTHS[cc];
      if (!lengths) continue;
      const reached = new Set<number>();
      for (let length = 2; length <= 22; length++) {
        for (let k = 0; k < 400; k++) {
          let v = cc === 'AT' ? 'ATU' : cc;
          while (v.length < length)
            v += r() < 0.92 ? digits[Math.floor(r() * 10)] : other[Math.floor(r() * other.length)];
          v = v.slice(0, length);
          const res = VAT[cc]!(v);
          const kind = res.error?.name ?? res.error?.constructor.name;
          const acceptedOrChecksum = res.isValid || kind === 'InvalidChecksum';
          if (acceptedOrChecksum) reached.add(length);
          if (!lengths.includes(length)) expect(acceptedOrChecksum, `${cc} ${v}`).toBe(false);
        }
      }
      // The table is not stricter than needed: each listed length gets to the checksum.
      expect(
        [...reached].sort((a, b) => a - b),
        cc,
      ).toEqual([...lengths]);
    }
  });
});
