import { createAirlock } from '@airlock/core';
import { measureLinearTime } from '@airlock/core/testing';
import { describe, expect, it } from 'vitest';
import { EU_PII, EU_RECOGNIZERS, EU_VAT_COUNTRIES, euPii, euVatValid } from '../src/index.js';

/** A valid VAT number and the same number with its check digit changed, per member state. */
const VAT_PAIRS: [string, string][] = [
  ['ATU13585627', 'ATU13585626'],
  ['BE0403019261', 'BE0403019262'],
  ['BG175074752', 'BG175074754'],
  ['CY10259033P', 'CY10259033Z'],
  ['CZ25123891', 'CZ25123890'],
  ['DK13585628', 'DK13585627'],
  ['EE100594102', 'EE100594103'],
  ['EL094259216', 'EL094259217'],
  ['ESB58378431', 'ESB58378432'],
  ['FI20774740', 'FI20774741'],
  ['FR40303265045', 'FR40303265046'],
  ['HR33392005961', 'HR33392005962'],
  ['HU12892312', 'HU12892313'],
  ['IE6433435F', 'IE6433435G'],
  ['IT00743110157', 'IT00743110158'],
  ['LT100001919017', 'LT100001919018'],
  ['LU15027442', 'LU15027443'],
  ['LV40003521600', 'LV40003521601'],
  ['MT11679112', 'MT11679113'],
  ['NL004495445B01', 'NL004495446B01'],
  ['PL8567346215', 'PL8567346216'],
  ['PT501964843', 'PT501964842'],
  ['RO18547290', 'RO18547291'],
  ['SE123456789701', 'SE123456789101'],
  ['SI50223054', 'SI50223053'],
  ['SK2022749619', 'SK2022749618'],
];

describe('eu_vat', () => {
  it('covers every EU member state', () => {
    const states = [
      'AT',
      'BE',
      'BG',
      'CY',
      'CZ',
      'DE',
      'DK',
      'EE',
      'EL',
      'ES',
      'FI',
      'FR',
      'HR',
      'HU',
      'IE',
      'IT',
      'LT',
      'LU',
      'LV',
      'MT',
      'NL',
      'PL',
      'PT',
      'RO',
      'SE',
      'SI',
      'SK',
    ];
    expect(states.filter((s) => !EU_VAT_COUNTRIES.includes(s))).toEqual([]);
  });
  it('accepts valid numbers and rejects ones with a wrong check digit, per state', () => {
    for (const [good, bad] of VAT_PAIRS) {
      expect(euVatValid(good), good).toBe(true);
      expect(euVatValid(bad), bad).toBe(false);
    }
  });
  it('Germany publishes no check algorithm: a failed check keeps the prior, not a drop', () => {
    expect(euVatValid('DE136695976')).toBe(true);
    expect(euVatValid('DE136695977')).toBeUndefined();
  });
  it('finds spaced and dotted numbers and stops before a following word', () => {
    const airlock = createAirlock({ plugins: [euPii()] });
    expect(
      airlock.sanitizer.scan('VAT DE 136 695 976 EUR, BE 0403.019.261').map((f) => f.value),
    ).toEqual(['DE 136 695 976', 'BE 0403.019.261']);
  });
});

describe('euPii()', () => {
  const airlock = createAirlock({ plugins: [euPii()] });
  it('national ids with check digits', () => {
    const text =
      'DNI 12345678Z, CF RSSMRA85T10A562S, NIR 1 84 12 76 451 089 46, BSN 111222333, PESEL 44051401359, NINO AB 12 34 56 C';
    expect(airlock.sanitizer.scan(text).map((f) => f.type)).toEqual([
      'es_nif',
      'it_fiscal_code',
      'fr_nir',
      'nl_bsn',
      'pl_pesel',
      'uk_nino',
    ]);
    expect(
      airlock.sanitizer.scan(
        'DNI 12345678A, BSN 111222334, PESEL 44051401358, NINO BG 12 34 56 C, QQ123456C',
      ),
    ).toEqual([]);
  });
  it('EU_PII is a set of type ids matching the recognizers', () => {
    expect(new Set(EU_RECOGNIZERS.map((r) => r.type))).toEqual(EU_PII);
  });
});

describe('linear time', () => {
  it('every European recognizer: <= 50 ms per MiB of hostile input', async () => {
    const results = await measureLinearTime(EU_RECOGNIZERS);
    const slow = results.filter(
      (r) => r.ms > 50 && !(r.dense && (r.growth ?? 99) <= 8 && r.ms <= 1000),
    );
    expect(slow, JSON.stringify(slow)).toEqual([]);
  }, 120_000);
});
