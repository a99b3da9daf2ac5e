import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RECOGNIZERS,
  defineRecognizer,
  MemoryStateStore,
  type Recognizer,
  SanitizerEngine,
} from '../src/index.js';

const engine = new SanitizerEngine({ recognizers: DEFAULT_RECOGNIZERS, hashKey: 'k'.repeat(32) });

/** A recognizer for `ID-<4 digits>` with a checksum: last digit = sum of the others mod 10. */
const checked = defineRecognizer({
  name: 'test-id',
  type: 'test_id',
  patterns: [{ name: 'id', score: 0.3, regex: /ID-\d{4}/ }],
  validate(value) {
    const d = value.slice(3).split('').map(Number);
    if (d[0] === 9) return undefined; // unknown: keep the prior
    return (d[0]! + d[1]! + d[2]!) % 10 === d[3];
  },
  context: ['badge', 'employee id'],
  antiContext: ['order'],
});

describe('validator outcomes', () => {
  const e = new SanitizerEngine({ recognizers: [checked] });
  it('valid raises the score to 1, invalid drops, unknown keeps the prior', () => {
    expect(e.scan('ID-1236')).toMatchObject([
      { type: 'test_id', score: 1, explanation: { validation: 'valid' } },
    ]);
    expect(e.scan('ID-1237')).toEqual([]);
    expect(e.scan('ID-9000')).toEqual([]); // prior 0.3 < 0.5
    expect(e.scan('badge ID-9000')).toMatchObject([
      { score: 0.65, explanation: { validation: 'unknown', contextWord: 'badge' } },
    ]);
  });
  it('explain() lists dropped candidates with the reason', () => {
    const all = e.explain('ID-1237 ID-9000 ID-1236');
    expect(all.map((c) => [c.value, c.kept, c.dropped])).toEqual([
      ['ID-1237', false, 'invalid'],
      ['ID-9000', false, 'low-score'],
      ['ID-1236', true, undefined],
    ]);
  });
});

describe('context and anti-context', () => {
  const e = new SanitizerEngine({ recognizers: [checked] });
  it('matches whole words only', () => {
    expect(e.scan('abadge ID-9000')).toEqual([]);
    expect(e.scan('employee id: ID-9000')[0]?.explanation?.contextWord).toBe('employee id');
  });
  it('an anti-context word drops even a validated value, unless a nearer context word', () => {
    expect(e.scan('order ID-1236')).toEqual([]);
    expect(e.scan('order 5, badge ID-1236')).toHaveLength(1);
    expect(e.scan('badge 5, order ID-1236')).toEqual([]);
  });
  it('the JSON key above a value counts as context', () => {
    expect(e.mask({ badge: 'ID-9000' }).value).toEqual({ badge: '[REDACTED:TEST_ID]' });
    expect(e.mask({ note: 'ID-9000' }).value).toEqual({ note: 'ID-9000' });
  });
});

describe('JSON', () => {
  it('masks every string inside nested JSON, keeps the shape, and records paths', () => {
    const input = {
      user: { contacts: [{ email: 'ann@example.com' }, 'call +44 20 7946 0958'] },
      n: 1,
      ok: true,
    };
    const r = engine.mask(input);
    expect(r.value).toEqual({
      user: { contacts: [{ email: '[REDACTED:EMAIL]' }, 'call [REDACTED:PHONE]'] },
      n: 1,
      ok: true,
    });
    expect(r.findings.map((f) => [f.type, f.path])).toEqual([
      ['email', ['user', 'contacts', 0, 'email']],
      ['phone', ['user', 'contacts', 1]],
    ]);
    expect(input.user.contacts[0]).toEqual({ email: 'ann@example.com' }); // not mutated
  });
  it('a whole value under a secret key is masked', () => {
    expect(engine.mask({ dbPassword: 'hunter22', apiKey: 'Zx9Qw8Er7Ty6Ui5Op4' }).value).toEqual({
      dbPassword: '[REDACTED:PASSWORD]',
      apiKey: '[REDACTED:API_KEY]',
    });
  });
  it('long integers are scanned as text', () => {
    expect(engine.mask({ card: 4111111111111111, qty: 3 }).value).toEqual({
      card: '[REDACTED:CREDIT_CARD]',
      qty: 3,
    });
  });
});

describe('overlaps', () => {
  it('the longer of two validated values wins (a PAN-shaped part inside a GSTIN-shaped id)', () => {
    const inner = defineRecognizer({
      name: 'inner',
      type: 'inner',
      patterns: [{ name: 'p', score: 1, regex: /[A-Z]{5}\d{4}[A-Z]/ }],
    });
    const outer = defineRecognizer({
      name: 'outer',
      type: 'outer',
      patterns: [{ name: 'p', score: 1, regex: /\d{2}[A-Z]{5}\d{4}[A-Z]\dZ\w/ }],
    });
    for (const order of [
      [inner, outer],
      [outer, inner],
    ] as Recognizer[][]) {
      const e = new SanitizerEngine({ recognizers: order });
      expect(e.scan('GSTIN 27AAPFU0939F1ZV').map((f) => f.type)).toEqual(['outer']);
    }
  });
  it('user:pass@host is a password, not an email', () => {
    expect(
      engine.scan('postgres://admin:s3cret@db.example.com:5432/app').map((f) => [f.type, f.value]),
    ).toEqual([['password', 's3cret']]);
  });
  it('a JWT after Bearer is reported as a jwt (validated beats unvalidated)', () => {
    const jwt =
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
    expect(engine.scan(`Authorization: Bearer ${jwt}`).map((f) => f.type)).toEqual(['jwt']);
  });
});

describe('strategies', () => {
  const make = (
    strategies: Record<string, 'redact' | 'partial' | 'hash' | 'tokenize'>,
    hashKey = 'k'.repeat(32),
  ) =>
    new SanitizerEngine({
      recognizers: DEFAULT_RECOGNIZERS,
      strategies,
      hashKey,
      tokens: { store: new MemoryStateStore() },
    });
  it('partial is type-aware', () => {
    const e = make({
      email: 'partial',
      credit_card: 'partial',
      api_key: 'partial',
      password: 'partial',
      iban: 'partial',
    });
    expect(
      e.mask('ann@example.com 4111-1111-1111-1111 sk-proj-abcDEF123456ghiJKL789012mnoPQR345678')
        .value,
    ).toBe('***@example.com ****-****-****-1111 sk-proj-***');
    expect(e.mask('password=hunter22').value).toBe('password=[REDACTED:PASSWORD]');
    expect(e.mask('DE89 3704 0044 0532 0130 00').value).toBe('DE** **** **** **** **30 00');
  });
  it('hash is keyed: equal values are equal, another key gives another hash', () => {
    const a = make({ email: 'hash' }).mask(
      'ann@example.com, ANN@example.com, bob@example.com',
    ).value;
    const [x, y, z] = a.split(', ');
    expect(x).toMatch(/^\[EMAIL:h_[0-9a-f]{16}\]$/);
    expect(x).toBe(y); // normalized: case does not change the hash
    expect(z).not.toBe(x);
    expect(make({ email: 'hash' }, 'z'.repeat(32)).mask('ann@example.com').value).not.toBe(x);
  });
  it('masking is idempotent', () => {
    for (const s of ['redact', 'partial', 'hash', 'tokenize'] as const) {
      const e = make({ email: s, credit_card: s, phone: s });
      const once = e.mask('ann@example.com 4111 1111 1111 1111 +44 20 7946 0958').value;
      expect(e.mask(once).value).toBe(once);
    }
  });
  it('tokenize needs a store', () => {
    expect(
      () =>
        new SanitizerEngine({
          recognizers: DEFAULT_RECOGNIZERS,
          strategies: { email: 'tokenize' },
        }),
    ).toThrow(/token store/);
  });
});
