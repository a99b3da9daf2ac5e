import { mod97 } from '../checksums.js';
import { defineRecognizer } from '../recognizer.js';

/**
 * Country code, IBAN length and BBAN structure (n digits, a letters, c letters or digits), from
 * the SWIFT IBAN registry (as ibantools ships it; a test compares them).
 */
const REGISTRY =
  'AD24:8n12c AE23:3n16n AL28:8n16c AT20:16n AX18:14n AZ28:4a20c BA20:16n BE16:12n BG22:4a6n8c BH22:4a14c BR29:23n1a1c BY28:4a4n16c CH21:5n12c CR22:18n CY28:8n16c CZ24:20n DE22:18n DK18:14n DO28:4a20n EE20:16n EG29:25n ES24:20n FI18:14n FO18:14n FR27:10n11c2n GB22:4a14n GE22:2c16n GF27:10n11c2n GI23:4a15c GL18:14n GP27:10n11c2n GR27:7n16c GT28:24c HR21:17n HU28:24n IE22:4c14n IL23:19n IQ23:4a15n IS26:22n IT27:1a10n12c JO30:4a4n18c KW30:4a22c KZ20:3n13c LB28:4n20c LC32:4a24c LI21:5n12c LT20:16n LU20:3n13c LV21:4a13c LY25:21n MC27:10n11c2n MD24:2c18c ME22:18n MF27:10n11c2n MK19:3n10c2n MN20:16n MQ27:10n11c2n MR27:23n MT31:4a5n18c MU30:4a19n3a NC27:10n11c2n NI28:4a20n NL18:4a10n NO15:11n OM23:3n16c PF27:10n11c2n PK24:4c16n PL28:24n PM27:10n11c2n PS29:4c21n PT25:21n QA29:4a21c RE27:10n11c2n RO24:4a16c RS22:18n RU33:14n15c SA24:2n18c SC31:4a20n3a SD18:14n SE24:20n SI19:15n SK24:20n SM27:1a10n12c SO23:19n ST25:21n SV28:4a20n TF27:10n11c2n TL23:19n TN24:20n TR26:5n17c UA29:6n19c VA22:18n VG24:4c16n WF27:10n11c2n XK20:16n YE30:4a4n18c YT27:10n11c2n';

export const IBAN_COUNTRIES: ReadonlyMap<string, { length: number; bban: RegExp }> = new Map(
  REGISTRY.split(' ').map((entry) => {
    const [head, format] = entry.split(':') as [string, string];
    const classes: Record<string, string> = { n: '[0-9]', a: '[A-Z]', c: '[A-Z0-9]' };
    const source = format.replace(
      /(\d+)([nac])/g,
      (_, n: string, k: string) => `${classes[k]}{${n}}`,
    );
    return [head.slice(0, 2), { length: Number(head.slice(2)), bban: new RegExp(`^${source}$`) }];
  }),
);

/** Whether a compact IBAN (no separators) has its country's length and format and passes mod 97. */
export function ibanValid(compact: string): boolean {
  const spec = IBAN_COUNTRIES.get(compact.slice(0, 2));
  if (!spec || compact.length !== spec.length || !spec.bban.test(compact.slice(4))) return false;
  return mod97(compact.slice(4) + compact.slice(0, 4)) === 1;
}

export const ibanRecognizer = defineRecognizer({
  name: 'iban',
  type: 'iban',
  patterns: [
    {
      name: 'iban',
      score: 0.5,
      regex:
        /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?:[ -]?[A-Z0-9]{4}){2,7}(?:[ -]?[A-Z0-9]{1,4})?(?![A-Za-z0-9])/,
    },
  ],
  validate(value) {
    const spec = IBAN_COUNTRIES.get(value.slice(0, 2));
    if (!spec) return false;
    // The pattern may have swallowed a short word after a spaced IBAN: cut at the country length.
    let seen = 0;
    for (let i = 0; i < value.length; i++) {
      if (value[i] === ' ' || value[i] === '-') continue;
      seen++;
      if (seen === spec.length) {
        const compact = value.slice(0, i + 1).replace(/[ -]/g, '');
        const rest = value.slice(i + 1);
        if (rest.length > 0 && !/^[ -]/.test(rest)) return false;
        return ibanValid(compact) ? { valid: true, length: i + 1 } : false;
      }
    }
    return false;
  },
  context: ['iban', 'bank', 'account', 'transfer', 'sepa', 'payee', 'beneficiary'],
  prefilter: { minDigits: 10 },
  maxLength: 48,
  partial(value) {
    let seen = 0;
    const total = value.replace(/[ -]/g, '').length;
    return value.replace(/[A-Z0-9]/g, (ch) => (seen++ < 2 || seen > total - 4 ? ch : '*'));
  },
  normalize: (v) => v.replace(/[ -]/g, ''),
});
