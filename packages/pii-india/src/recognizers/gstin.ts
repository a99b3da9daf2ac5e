import { defineRecognizer } from '@airlock/core';
import { luhnMod36Valid, panStructureValid } from '../checksums.js';

/** GST state codes: 01-38, 97 (other territory), 99 (centre jurisdiction). */
function stateCodeValid(code: number): boolean {
  return (code >= 1 && code <= 38) || code === 97 || code === 99;
}

/**
 * GSTIN: state code, the holder's PAN, an entity number (1-9, A-Z), `Z`, and a Luhn mod 36
 * check character. A valid GSTIN wins over the PAN inside it (longer span, same score).
 */
export const gstinRecognizer = defineRecognizer({
  name: 'gstin',
  type: 'gstin',
  patterns: [
    {
      name: 'gstin',
      score: 0.5,
      regex: /\d(?<![A-Za-z0-9]\d)\d[A-Z]{5}\d{4}[A-Z][1-9A-Z]Z[0-9A-Z](?![A-Za-z0-9])/,
    },
  ],
  validate(value) {
    if (!stateCodeValid(Number(value.slice(0, 2))) || !panStructureValid(value.slice(2, 12)))
      return false;
    return luhnMod36Valid(value);
  },
  context: ['gstin', 'gst', 'gst number', 'gst no', 'tax'],
  prefilter: { minDigits: 6 },
  maxLength: 15,
});
