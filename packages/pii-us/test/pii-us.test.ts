import { createAirlock } from '@airlock/core';
import { measureLinearTime } from '@airlock/core/testing';
import { stdnum } from 'stdnum';
import { describe, expect, it } from 'vitest';
import {
  abaRoutingValid,
  itinValid,
  ssnIssuable,
  US_PII,
  US_RECOGNIZERS,
  usPii,
} from '../src/index.js';

describe('rules', () => {
  it('SSN never-issued ranges agree with stdnum', () => {
    for (const ssn of [
      '536-22-8726',
      '000-12-3456',
      '666-12-3456',
      '900-12-3456',
      '123-00-4567',
      '078-05-1120',
      '219-09-9999',
    ]) {
      expect(ssnIssuable(ssn), ssn).toBe(stdnum.US!.ssn!.validate(ssn).isValid);
    }
    // Serial 0000 is never issued either (SSA; Presidio rejects it too), which stdnum does not check.
    expect(ssnIssuable('123-45-0000')).toBe(false);
  });
  it('ABA routing checksum and prefixes', () => {
    expect(abaRoutingValid('021000021')).toBe(true);
    expect(abaRoutingValid('021000022')).toBe(false);
    expect(abaRoutingValid('421000021')).toBe(false);
    expect(itinValid('912-70-1234')).toBe(true);
    expect(itinValid('912-93-1234')).toBe(false);
  });
});

describe('usPii()', () => {
  const airlock = createAirlock({ plugins: [usPii()] });
  it('masks SSNs by format, and weak shapes only with context', () => {
    expect(airlock.sanitizer.scan('SSN 536-22-8726').map((f) => f.type)).toEqual(['ssn']);
    expect(airlock.sanitizer.scan('batch 536228726 done')).toEqual([]);
    expect(airlock.sanitizer.scan('ssn: 536228726').map((f) => f.type)).toEqual(['ssn']);
    expect(airlock.sanitizer.scan('routing number 021000021').map((f) => f.type)).toEqual([
      'us_bank_routing',
    ]);
    expect(airlock.sanitizer.scan('ticket 021000021')).toEqual([]);
    expect(airlock.sanitizer.scan('passport C03005988').map((f) => f.type)).toEqual([
      'us_passport',
    ]);
  });
  it('US_PII is a set of type ids matching the recognizers', () => {
    expect(new Set(US_RECOGNIZERS.map((r) => r.type))).toEqual(US_PII);
    expect(createAirlock().sanitizer.scan('SSN 536-22-8726')).toEqual([]);
  });
});

describe('linear time', () => {
  it('every US recognizer: <= 50 ms per MiB of hostile input', async () => {
    const results = await measureLinearTime(US_RECOGNIZERS);
    const slow = results.filter(
      (r) => r.ms > 50 && !(r.dense && (r.growth ?? 99) <= 8 && r.ms <= 1000),
    );
    expect(slow, JSON.stringify(slow)).toEqual([]);
  }, 120_000);
});
