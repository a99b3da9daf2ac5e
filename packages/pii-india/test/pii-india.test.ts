import { createAirlock } from '@airlock/core';
import { measureLinearTime } from '@airlock/core/testing';
import { stdnum } from 'stdnum';
import { describe, expect, it } from 'vitest';
import {
  INDIA_PII,
  INDIA_RECOGNIZERS,
  indiaPii,
  luhnMod36Valid,
  verhoeffValid,
} from '../src/index.js';

/** Deterministic pseudo-random 12-digit strings. */
function* numbers(count: number): Generator<string> {
  let s = 42;
  for (let i = 0; i < count; i++) {
    let out = '';
    for (let k = 0; k < 12; k++) {
      s = (s * 1103515245 + 12345) % 2147483648;
      out += String(Math.floor((s / 2147483648) * 10));
    }
    yield out;
  }
}

describe('checksums agree with stdnum (a port of python-stdnum)', () => {
  it('Verhoeff on Aadhaar-shaped numbers', () => {
    let valid = 0;
    for (const n of numbers(5000)) {
      const ours = /^[2-9]/.test(n) && verhoeffValid(n) && n !== [...n].reverse().join('');
      expect(ours, n).toBe(stdnum.IN!.aadhaar!.validate(n).isValid);
      if (ours) valid++;
    }
    expect(valid).toBeGreaterThan(200); // about 8% pass: the sample exercises both outcomes
  });
  it('GSTIN check character', () => {
    expect(luhnMod36Valid('27AAPFU0939F1ZV')).toBe(true);
    expect(luhnMod36Valid('27AAPFU0939F1ZO')).toBe(false);
    for (const g of ['27AAPFU0939F1ZV', '29AABCU9603R1ZM', '27ABCDE1234F1Z5']) {
      expect(luhnMod36Valid(g)).toBe(stdnum.IN!.gstin!.validate(g).isValid);
    }
  });
});

describe('indiaPii()', () => {
  it('adds its recognizers when passed as a plugin, and only then', () => {
    const text = 'Aadhaar 2341 2341 2346, PAN ABCPD1234F, pay ravi@okaxis';
    expect(
      createAirlock()
        .sanitizer.scan(text)
        .map((f) => f.type),
    ).toEqual([]);
    const airlock = createAirlock({ plugins: [indiaPii()] });
    expect(airlock.sanitizer.scan(text).map((f) => f.type)).toEqual(['aadhaar', 'pan', 'upi_id']);
    expect(airlock.sanitizer.mask(text).value).toBe(
      'Aadhaar [REDACTED:AADHAAR], PAN [REDACTED:PAN], pay [REDACTED:UPI_ID]',
    );
  });
  it('INDIA_PII is a set of type ids that combines with others as a set', () => {
    expect(new Set(INDIA_RECOGNIZERS.map((r) => r.type))).toEqual(INDIA_PII);
    const combined = new Set([...INDIA_PII, 'email', 'aadhaar']);
    expect(combined.size).toBe(INDIA_PII.size + 1);
    const airlock = createAirlock({ plugins: [indiaPii({ types: ['aadhaar'] })] });
    expect(airlock.sanitizer.types.filter((t) => INDIA_PII.has(t))).toEqual(['aadhaar']);
    expect(() => indiaPii({ types: ['ssn'] })).toThrow(/unknown type 'ssn'/);
  });
  it('a valid GSTIN wins over the PAN inside it; AWS account ids are not Aadhaar numbers', () => {
    const airlock = createAirlock({ plugins: [indiaPii()] });
    expect(airlock.sanitizer.scan('GSTIN 27AAPFU0939F1ZV').map((f) => f.type)).toEqual(['gstin']);
    expect(
      airlock.sanitizer.scan('arn:aws:iam::234123412346:role/x {"Account": "234123412346"}'),
    ).toEqual([]);
    expect(airlock.sanitizer.scan('aadhaar: 234123412346').map((f) => f.type)).toEqual(['aadhaar']);
  });
  it('partial masking keeps the last 4 digits of an Aadhaar number', () => {
    const airlock = createAirlock({
      plugins: [indiaPii()],
      output: { strategies: { aadhaar: 'partial' } },
    });
    expect(airlock.sanitizer.mask('Aadhaar 2341 2341 2346').value).toBe('Aadhaar **** **** 2346');
  });
});

describe('linear time', () => {
  it('every Indian recognizer: <= 50 ms per MiB of hostile input', async () => {
    const results = await measureLinearTime(INDIA_RECOGNIZERS);
    const slow = results.filter(
      (r) => r.ms > 50 && !(r.dense && (r.growth ?? 99) <= 8 && r.ms <= 1000),
    );
    expect(slow, JSON.stringify(slow)).toEqual([]);
  }, 120_000);
});
