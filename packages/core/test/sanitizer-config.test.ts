import { describe, expect, it } from 'vitest';
import { AirlockConfigError, createAirlock, regexSafetyProblem } from '../src/index.js';

describe('per-workspace settings', () => {
  const airlock = createAirlock({
    output: {
      allowEmailDomains: ['company.com'],
      maskEmailDomains: ['hr.company.com'],
      workspaces: {
        india: { disabledTypes: ['ip_address'], strategies: { email: 'partial' } },
        support: {
          allowPhonePrefixes: ['+1 800'],
          customPatterns: [{ type: 'ticket_id', pattern: 'TCK-\\d{6}', strategy: 'hash' }],
        },
        onlyCards: { enabledTypes: ['credit_card'], maskEmailDomains: ['secret.org'] },
      },
    },
  });
  const scan = (text: string, workspaceId?: string) =>
    airlock.sanitizer.scan(text, workspaceId ? { workspaceId } : undefined).map((f) => f.value);

  it('allows a domain on a dot boundary only, and mask rules win for subdomains', () => {
    expect(scan('a@company.com b@mail.company.com c@evilcompany.com d@hr.company.com')).toEqual([
      'c@evilcompany.com',
      'd@hr.company.com',
    ]);
  });
  it('picks the workspace from the context, over the airlock-wide settings', () => {
    expect(scan('10.1.2.3', 'india')).toEqual([]);
    expect(scan('10.1.2.3')).toEqual(['10.1.2.3']);
    expect(airlock.sanitizer.mask('x@evilcompany.com', { workspaceId: 'india' }).value).toBe(
      '***@evilcompany.com',
    );
    expect(scan('x@company.com', 'india')).toEqual([]); // inherited allow rule
  });
  it('phone prefixes and custom patterns with their strategy', () => {
    expect(scan('call +1 800 555 0199 or +1 415 555 2671', 'support')).toEqual(['+1 415 555 2671']);
    expect(airlock.sanitizer.mask('see TCK-123456', { workspaceId: 'support' }).value).toMatch(
      /^see \[TICKET_ID:h_[0-9a-f]{16}\]$/,
    );
    expect(scan('see TCK-123456')).toEqual([]);
  });
  it('enabledTypes limits the types; maskEmailDomains still masks those domains', () => {
    expect(scan('a@x.org b@secret.org 4111 1111 1111 1111 10.1.2.3', 'onlyCards')).toEqual([
      'b@secret.org',
      '4111 1111 1111 1111',
    ]);
  });
  it('runWithContext supplies the workspace to direct calls', () => {
    expect(
      airlock.runWithContext({ workspaceId: 'india' }, () => airlock.sanitizer.scan('10.1.2.3')),
    ).toEqual([]);
  });
});

describe('custom patterns are checked at start-up', () => {
  const withPattern = (pattern: string) => () =>
    createAirlock({ output: { customPatterns: [{ type: 'thing', pattern }] } });
  it('rejects a pattern that does not compile', () => {
    expect(withPattern('EMP-(\\d{4}')).toThrow(AirlockConfigError);
    expect(withPattern('EMP-(\\d{4}')).toThrow(/does not compile/);
  });
  it('rejects patterns that backtrack catastrophically, naming why', () => {
    expect(withPattern('(\\w+\\s?)+$')).toThrow(/nests a repetition/);
    expect(withPattern('(a|ab)+c')).toThrow(/alternation/);
    expect(withPattern('\\w+\\d+x')).toThrow(/unbounded repetitions/);
    expect(withPattern('(\\w)\\1+')).toThrow(/backreference/);
    expect(withPattern('[a-z]+@')).toThrow(/takes \d+ ms/);
  });
  it('rejects them inside a workspace too, naming the workspace', () => {
    expect(() =>
      createAirlock({
        output: { workspaces: { acme: { customPatterns: [{ type: 't', pattern: '(x+x+)+y' }] } } },
      }),
    ).toThrow(/output\.workspaces\.acme\.customPatterns\[0\]/);
  });
  it('accepts linear patterns', () => {
    for (const ok of [
      'EMP-\\d{4,8}',
      '(?:\\d{1,3}\\.){3}\\d{1,3}',
      '\\bTCK-[A-Z0-9]{6}\\b',
      'ACME[_-]?[0-9a-f]{32}',
    ]) {
      expect(regexSafetyProblem(new RegExp(ok))).toBeUndefined();
    }
  });
  it('rejects bad settings with a clear error', () => {
    expect(() => createAirlock({ output: { allowEmailDomains: ['not a domain'] } })).toThrow(
      /not a domain/,
    );
    expect(() => createAirlock({ output: { strategies: { email: 'scramble' as never } } })).toThrow(
      AirlockConfigError,
    );
  });
});
