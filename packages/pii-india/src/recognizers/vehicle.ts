import { defineRecognizer } from '@airlock/core';

const STATES =
  'AN AP AR AS BR CH CG DD DL DN GA GJ HR HP JK JH KA KL LA LD MP MH MN ML MZ NL OD OR PB PY RJ SK TN TS TR UP UK UA WB';

/**
 * Indian vehicle registration: state code, district number, series letters, 4-digit number,
 * with or without spaces/dashes (`MH 12 DE 1433`, `KA-05-MN-2024`), and the Bharat series
 * (`22 BH 1234 AB`).
 */
export const inVehicleRegistrationRecognizer = defineRecognizer({
  name: 'in-vehicle-registration',
  type: 'in_vehicle_registration',
  patterns: [
    {
      name: 'state-series',
      score: 0.5,
      regex: new RegExp(
        `[A-Z](?<![A-Za-z0-9][A-Z])[A-Z](?<=${STATES.split(' ').join('|')})([ -]?)\\d{1,2}\\1[A-Z]{1,3}\\1\\d{4}(?![A-Za-z0-9])`,
      ),
    },
    {
      name: 'bharat-series',
      score: 0.85,
      regex: /\d(?<![A-Za-z0-9]\d)\d ?BH ?\d{4} ?[A-HJ-NP-Z]{1,2}(?![A-Za-z0-9])/,
    },
  ],
  validate(value) {
    const digits = value.match(/\d+/g) ?? [];
    const last = digits[digits.length - 1] ?? '';
    if (/^0+$/.test(last) || /^0+$/.test(digits[0] ?? '')) return false;
    return undefined;
  },
  context: [
    'vehicle',
    'registration',
    'rc',
    'plate',
    'number plate',
    'car',
    'bike',
    'rto',
    'vehicle number',
  ],
  prefilter: { minDigits: 5 },
  maxLength: 16,
});
