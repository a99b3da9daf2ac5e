/**
 * The tables of docs/pii-reference.md, computed by the real sanitizer: one example per entity
 * type, masked under each strategy. `pnpm --filter @airlock/docs pii-table` writes them into the
 * page; a test fails when the page and the engine disagree.
 */
import {
  CORE_PII,
  createAirlock,
  MASK_STRATEGIES,
  type MaskStrategy,
  SECRETS,
} from '@airlock/core';
import { EU_PII, euPii } from '@airlock/pii-eu';
import { INDIA_PII, indiaPii } from '@airlock/pii-india';
import { US_PII, usPii } from '@airlock/pii-us';

/** One example: text a tool might return, holding exactly one value of `type`. */
export interface PiiExample {
  type: string;
  text: string;
}

/** The key the hash and tokenize columns are computed with (yours gives other digests). */
export const EXAMPLE_HASH_KEY = 'airlock-docs-example-key';

/** The groups of the page, in order: a heading, where the types come from, the examples. */
export const PII_GROUPS: { heading: string; types: ReadonlySet<string>; examples: PiiExample[] }[] =
  [
    {
      heading: 'Personal data in `@airlock/core` (on by default)',
      types: CORE_PII,
      examples: [
        { type: 'email', text: 'Contact jane.doe@example.com' },
        { type: 'phone', text: 'Call +1 202-555-0143' },
        { type: 'credit_card', text: 'Card 4242 4242 4242 4242' },
        { type: 'iban', text: 'IBAN DE89 3704 0044 0532 0130 00' },
        { type: 'ip_address', text: 'From 203.0.113.42' },
      ],
    },
    {
      heading: 'Secrets in `@airlock/core` (on by default)',
      types: SECRETS,
      examples: [
        { type: 'api_key', text: 'key sk-proj-EXAMPLEdocs0nlyN0tARealKey42' },
        { type: 'aws_access_key', text: 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE' },
        {
          type: 'jwt',
          text: 'Authorization: eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJkb2NzLWV4YW1wbGUifQ.c2lnbmF0dXJlLW5vdC12YWxpZA',
        },
        {
          type: 'private_key',
          text: '-----BEGIN PRIVATE KEY-----\nMIIBVQIBADANBgkqhkiGEXAMPLE\n-----END PRIVATE KEY-----',
        },
        { type: 'password', text: 'DB_PASSWORD=not-a-real-pw-42' },
      ],
    },
    {
      heading: 'India: `@airlock/pii-india` (`indiaPii()`)',
      types: INDIA_PII,
      examples: [
        { type: 'aadhaar', text: 'Aadhaar 2341 2341 2346' },
        { type: 'pan', text: 'PAN ABCPD1234F' },
        { type: 'upi_id', text: 'Pay ravi.k@okaxis' },
        { type: 'ifsc', text: 'IFSC HDFC0001234' },
        { type: 'in_passport', text: 'passport J8369854' },
        { type: 'gstin', text: 'GSTIN 27AAPFU0939F1ZV' },
        { type: 'in_vehicle_registration', text: 'Vehicle MH 12 DE 1433' },
        { type: 'in_voter_id', text: 'Voter id ABC1234567' },
      ],
    },
    {
      heading: 'Europe: `@airlock/pii-eu` (`euPii()`)',
      types: EU_PII,
      examples: [
        { type: 'eu_vat', text: 'VAT DE 136 695 976' },
        { type: 'uk_nino', text: 'NINO AB 12 34 56 C' },
        { type: 'es_nif', text: 'NIF 12345678Z' },
        { type: 'it_fiscal_code', text: 'Codice fiscale RSSMRA85T10A562S' },
        { type: 'fr_nir', text: 'NIR 1 84 12 76 451 089 46' },
        { type: 'nl_bsn', text: 'BSN 111222333' },
        { type: 'pl_pesel', text: 'PESEL 44051401359' },
      ],
    },
    {
      heading: 'United States: `@airlock/pii-us` (`usPii()`)',
      types: US_PII,
      examples: [
        { type: 'ssn', text: 'SSN 536-22-8726' },
        { type: 'us_itin', text: 'ITIN 912-70-1234' },
        { type: 'us_passport', text: 'Passport C03005988' },
        { type: 'us_bank_routing', text: 'Routing number 021000021' },
      ],
    },
  ];

/** Every type id shipped: core's defaults and the three packs. */
export function shippedTypes(): string[] {
  return [...CORE_PII, ...SECRETS, ...INDIA_PII, ...EU_PII, ...US_PII];
}

/** What `airlock.sanitizer.mask(example.text)` gives under one default strategy. */
export function maskExample(example: PiiExample, strategy: MaskStrategy): string {
  const airlock = createAirlock({
    plugins: [indiaPii(), euPii(), usPii()],
    output: { defaultStrategy: strategy, hashKey: EXAMPLE_HASH_KEY },
  });
  const { value, findings } = airlock.sanitizer.mask(example.text);
  const found = findings.map((f) => f.type);
  if (found.length !== 1 || found[0] !== example.type) {
    throw new Error(
      `example for '${example.type}' (${JSON.stringify(example.text)}) found [${found.join(', ')}]`,
    );
  }
  return value;
}

/** A table cell: code, with line breaks shown as `\n` so a row stays one line. */
const cell = (text: string): string => `\`${text.replace(/\n/g, '\\n')}\``;

/** The Markdown of every group's table. */
export function renderPiiTables(): string {
  const out: string[] = [];
  for (const group of PII_GROUPS) {
    const listed = group.examples.map((e) => e.type);
    const missing = [...group.types].filter((t) => !listed.includes(t));
    if (missing.length > 0) throw new Error(`no example for ${missing.join(', ')}`);
    out.push(`### ${group.heading}`, '');
    out.push(`| type | example | ${MASK_STRATEGIES.join(' | ')} |`);
    out.push(`| --- | --- | ${MASK_STRATEGIES.map(() => '---').join(' | ')} |`);
    for (const example of group.examples) {
      const masked = MASK_STRATEGIES.map((s) => cell(maskExample(example, s)));
      out.push(`| \`${example.type}\` | ${cell(example.text)} | ${masked.join(' | ')} |`);
    }
    out.push('');
  }
  return out.join('\n').trimEnd();
}

export const TABLE_START =
  '<!-- pii-table:start (generated by `pnpm --filter @airlock/docs pii-table`) -->';
export const TABLE_END = '<!-- pii-table:end -->';

/** The page with its generated section replaced by `tables`. */
export function withTables(page: string, tables: string): string {
  const start = page.indexOf(TABLE_START);
  const end = page.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error('pii-reference.md lost its table markers');
  return `${page.slice(0, start + TABLE_START.length)}\n\n${tables}\n\n${page.slice(end)}`;
}
