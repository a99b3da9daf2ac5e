import { describe, expect, it } from 'vitest';
import { PII_CORPUS } from '../corpus/pii-corpus.js';
import { scoreScanner } from '../src/pii/corpus-eval.js';
import { airlockMasker } from '../src/pii/maskers.js';

const TYPES = [
  'email',
  'phone',
  'credit_card',
  'iban',
  'ip_address',
  'api_key',
  'aws_access_key',
  'jwt',
  'private_key',
  'password',
  'aadhaar',
  'pan',
  'upi_id',
  'ifsc',
  'in_passport',
  'gstin',
  'in_vehicle_registration',
  'in_voter_id',
  'eu_vat',
  'uk_nino',
  'es_nif',
  'it_fiscal_code',
  'fr_nir',
  'nl_bsn',
  'pl_pesel',
  'ssn',
  'us_itin',
  'us_passport',
  'us_bank_routing',
];

describe('labelled PII corpus', () => {
  it('has at least 300 cases, a third of them hard negatives, and positives for every type', () => {
    expect(PII_CORPUS.length).toBeGreaterThanOrEqual(300);
    const negatives = PII_CORPUS.filter((c) => c.expect.length === 0);
    expect(negatives.length * 3).toBeGreaterThanOrEqual(PII_CORPUS.length);
    const positiveTypes = new Set(PII_CORPUS.flatMap((c) => c.expect.map(([t]) => t)));
    expect(TYPES.filter((t) => !positiveTypes.has(t))).toEqual([]);
    // ...and, for every type, values that fail its checksum (by one digit) or its rules.
    const negativeTypes = new Set(negatives.map((c) => c.against));
    expect(TYPES.filter((t) => !negativeTypes.has(t))).toEqual([]);
    expect(new Set(PII_CORPUS.map((c) => c.id)).size).toBe(PII_CORPUS.length);
  });

  it('reports recall and precision per type with every pack enabled', () => {
    const { perType, misses } = scoreScanner(airlockMasker().scan);
    console.table(
      Object.fromEntries(
        Object.entries(perType).map(([t, s]) => [
          t,
          {
            precision: s.precision.toFixed(2),
            recall: s.recall.toFixed(2),
            tp: s.tp,
            fp: s.fp,
            fn: s.fn,
          },
        ]),
      ),
    );
    if (misses.length > 0) console.log(misses.join('\n'));
    for (const t of TYPES) {
      expect(perType[t], t).toBeDefined();
      expect(perType[t]!.recall, `${t} recall`).toBeGreaterThanOrEqual(0.9);
      expect(perType[t]!.precision, `${t} precision`).toBeGreaterThanOrEqual(0.9);
    }
  });

  it('touches no hard negative', () => {
    const { mask } = airlockMasker();
    const touched = PII_CORPUS.filter((c) => c.expect.length === 0 && mask(c.text) !== c.text).map(
      (c) => c.id,
    );
    expect(touched).toEqual([]);
  });
});
