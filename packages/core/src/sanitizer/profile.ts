import { AirlockConfigError } from '../errors.js';
import { WordMatcher } from './context-words.js';
import { keywordRegex } from './keyword-scan.js';
import { type PatternPlan, planPattern } from './pattern-plan.js';
import {
  type CodePattern,
  defineRecognizer,
  isRegexPattern,
  type Recognizer,
} from './recognizer.js';
import { regexSafetyProblem } from './regex-safety.js';
import { MASK_STRATEGIES, type MaskStrategy } from './strategies.js';
import { TokenDispatch } from './token-index.js';

/** A pattern a user adds for their own identifiers (employee ids, ticket numbers, ...). */
export interface CustomPattern {
  /** Entity type id it reports, lower_snake_case (`employee_id`). */
  type: string;
  /** A regex or its source. Rejected at start-up if it does not compile or can backtrack. */
  pattern: string | RegExp;
  /** Flags when `pattern` is a string (`i`, `u`, `m`, `s`). */
  flags?: string;
  /** Prior score (default 0.9): below 0.5 it needs a context word. */
  score?: number;
  context?: string[];
  strategy?: MaskStrategy;
}

/** Sanitizer settings, for the whole airlock or for one workspace. */
export interface SanitizerSettings {
  /** Only these types are masked (of the installed ones). */
  enabledTypes?: Iterable<string>;
  /** These types are never masked. */
  disabledTypes?: Iterable<string>;
  /** Strategy per type (`email: 'partial'`); the rest use `defaultStrategy`. */
  strategies?: Record<string, MaskStrategy>;
  /** Default `redact`. */
  defaultStrategy?: MaskStrategy;
  /** Emails at these domains (and their subdomains, on a dot boundary) are left as they are. */
  allowEmailDomains?: string[];
  /** Emails at these domains are always masked, even under an allowed parent domain. */
  maskEmailDomains?: string[];
  /** Phone numbers starting with these digits (`+1 800`) are left as they are. */
  allowPhonePrefixes?: string[];
  /** Phone numbers starting with these digits are always masked. */
  maskPhonePrefixes?: string[];
  customPatterns?: CustomPattern[];
}

export interface CompiledPattern {
  name: string;
  score: number;
  requiresContext: boolean;
  regex?: RegExp;
  /** How the scanner finds the regex's matches (see `pattern-plan.ts`). */
  plan?: PatternPlan;
  groups?: (number | string)[];
  find?: CodePattern['find'];
}

export interface CompiledRecognizer {
  recognizer: Recognizer;
  patterns: CompiledPattern[];
  context: WordMatcher | undefined;
  anti: WordMatcher | undefined;
  minScore: number;
  minDigits: number;
  /** The prefilter keywords, lower-cased. */
  keywords: readonly string[] | undefined;
}

/** Everything one workspace's scan needs, compiled once. */
export interface SanitizerProfile {
  readonly id: string;
  readonly recognizers: readonly CompiledRecognizer[];
  readonly strategies: Readonly<Record<string, MaskStrategy>>;
  readonly defaultStrategy: MaskStrategy;
  /** Emails: the decision for a domain; `emailMaskOnly` when email itself is disabled. */
  readonly emailRule: ((domain: string) => 'allow' | 'mask' | undefined) | undefined;
  readonly emailMaskOnly: boolean;
  readonly phoneRule: ((digits: string) => 'allow' | 'mask' | undefined) | undefined;
  /** Every keyword of every recognizer, for one pass over the lower-cased text. */
  readonly keywordScan: RegExp | undefined;

  /** The patterns found from token starts, and their ids in the dispatch. */
  readonly tokens: { dispatch: TokenDispatch; ids: ReadonlyMap<PatternPlan, number> } | undefined;
}

export function compileRecognizer(recognizer: Recognizer): CompiledRecognizer {
  const patterns = recognizer.patterns.map((p): CompiledPattern => {
    const base = { name: p.name, score: p.score, requiresContext: p.requiresContext === true };
    if (!isRegexPattern(p)) return { ...base, find: p.find.bind(p) };
    const groups =
      p.group === undefined
        ? undefined
        : Array.isArray(p.group)
          ? [...p.group]
          : [p.group as number | string];
    let flags = p.regex.flags.replace(/[gy]/g, '');
    flags += 'g';
    if (groups && !flags.includes('d')) flags += 'd';
    const regex = new RegExp(p.regex.source, flags);
    return { ...base, regex, plan: planPattern(regex), ...(groups ? { groups } : {}) };
  });
  const words = (list: readonly string[] | undefined) =>
    list && list.length > 0 ? new WordMatcher(list) : undefined;
  return {
    recognizer,
    patterns,
    context: words(recognizer.context),
    anti: words(recognizer.antiContext),
    minScore: recognizer.minScore ?? 0.5,
    minDigits: recognizer.prefilter?.minDigits ?? 0,
    keywords: recognizer.prefilter?.keywords?.length
      ? recognizer.prefilter.keywords.map((k) => k.toLowerCase())
      : undefined,
  };
}

/** Turns a custom pattern into a recognizer, rejecting bad or backtracking regexes. */
export function customRecognizer(custom: CustomPattern, where: string): Recognizer {
  if (!custom || typeof custom !== 'object')
    throw new AirlockConfigError('must be an object', where);
  if (typeof custom.type !== 'string' || !/^[a-z][a-z0-9_]*$/.test(custom.type)) {
    throw new AirlockConfigError(
      `type must be a lower_snake_case id, got ${JSON.stringify(custom.type)}`,
      where,
    );
  }
  let regex: RegExp;
  try {
    regex =
      custom.pattern instanceof RegExp
        ? custom.pattern
        : new RegExp(custom.pattern, custom.flags ?? '');
  } catch (error) {
    throw new AirlockConfigError(`pattern does not compile: ${(error as Error).message}`, where);
  }
  if (regex.flags.includes('y'))
    throw new AirlockConfigError('pattern must not be sticky (y)', where);
  if (regex.test('')) throw new AirlockConfigError('pattern matches the empty string', where);
  const problem = regexSafetyProblem(regex);
  if (problem)
    throw new AirlockConfigError(`pattern /${regex.source}/ is unsafe: it ${problem}`, where);
  const score = custom.score ?? 0.9;
  if (!(score >= 0 && score <= 1)) throw new AirlockConfigError('score must be in 0..1', where);
  if (custom.strategy !== undefined && !MASK_STRATEGIES.includes(custom.strategy)) {
    throw new AirlockConfigError(`strategy must be one of ${MASK_STRATEGIES.join(', ')}`, where);
  }
  const needsContext = score < 0.5;
  if (needsContext && !custom.context?.length) {
    throw new AirlockConfigError('a score below 0.5 needs context words to ever match', where);
  }
  return defineRecognizer({
    name: `custom:${custom.type}:${regex.source}`,
    type: custom.type,
    patterns: [
      { name: 'custom', regex, score, ...(needsContext ? { requiresContext: true } : {}) },
    ],
    ...(custom.context ? { context: custom.context } : {}),
  });
}

/** The longest matching rule wins; `mask` wins a tie. `match(entry)` says whether it applies. */
function ruleFor(
  allow: readonly string[],
  mask: readonly string[],
  match: (entry: string) => boolean,
): 'allow' | 'mask' | undefined {
  let best: { len: number; rule: 'allow' | 'mask' } | undefined;
  for (const [list, rule] of [
    [mask, 'mask'],
    [allow, 'allow'],
  ] as const) {
    for (const entry of list) {
      if (match(entry) && (!best || entry.length > best.len)) best = { len: entry.length, rule };
    }
  }
  return best?.rule;
}

function domainRule(allow: string[] | undefined, mask: string[] | undefined, where: string) {
  if (!allow?.length && !mask?.length) return undefined;
  const clean = (list: string[] | undefined, field: string) =>
    (list ?? []).map((d) => {
      const v = String(d).trim().toLowerCase().replace(/^@/, '').replace(/^\*\./, '');
      if (!/^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(v))
        throw new AirlockConfigError(`not a domain: ${JSON.stringify(d)}`, `${where}.${field}`);
      return v;
    });
  const a = clean(allow, 'allowEmailDomains');
  const m = clean(mask, 'maskEmailDomains');
  // A dot boundary: `company.com` covers `mail.company.com`, never `evilcompany.com`.
  return (domain: string) => {
    const d = domain.toLowerCase();
    return ruleFor(a, m, (e) => d === e || d.endsWith(`.${e}`));
  };
}

function phoneRule(allow: string[] | undefined, mask: string[] | undefined, where: string) {
  if (!allow?.length && !mask?.length) return undefined;
  const clean = (list: string[] | undefined, field: string) =>
    (list ?? []).map((p) => {
      const v = String(p).replace(/\D/g, '');
      if (v.length === 0)
        throw new AirlockConfigError(
          `not a phone prefix: ${JSON.stringify(p)}`,
          `${where}.${field}`,
        );
      return v;
    });
  const a = clean(allow, 'allowPhonePrefixes');
  const m = clean(mask, 'maskPhonePrefixes');
  return (digits: string) => ruleFor(a, m, (e) => digits.startsWith(e));
}

/** Builds a profile: the installed recognizers filtered and extended by `settings`. */
export function buildProfile(
  id: string,
  installed: readonly CompiledRecognizer[],
  settings: SanitizerSettings,
  where: string,
): SanitizerProfile {
  const enabled = settings.enabledTypes ? new Set(settings.enabledTypes) : undefined;
  const disabled = new Set(settings.disabledTypes ?? []);
  const strategies: Record<string, MaskStrategy> = {};
  for (const [type, s] of Object.entries(settings.strategies ?? {})) {
    if (!MASK_STRATEGIES.includes(s))
      throw new AirlockConfigError(
        `unknown strategy ${JSON.stringify(s)}`,
        `${where}.strategies.${type}`,
      );
    strategies[type] = s;
  }
  const custom = (settings.customPatterns ?? []).map((c, i) => {
    const r = compileRecognizer(customRecognizer(c, `${where}.customPatterns[${i}]`));
    if (c.strategy && strategies[c.type] === undefined) strategies[c.type] = c.strategy;
    return r;
  });
  const emailRule = domainRule(settings.allowEmailDomains, settings.maskEmailDomains, where);
  const isOn = (type: string) => (enabled ? enabled.has(type) : true) && !disabled.has(type);
  const emailMaskOnly = !isOn('email') && (settings.maskEmailDomains?.length ?? 0) > 0;
  const recognizers = [
    ...installed.filter(
      (c) => isOn(c.recognizer.type) || (emailMaskOnly && c.recognizer.type === 'email'),
    ),
    ...custom,
  ];
  const keywords = recognizers.flatMap((c) => c.recognizer.prefilter?.keywords ?? []);
  const keywordScan = keywords.length > 0 ? keywordRegex(keywords) : undefined;
  return {
    id,
    recognizers,
    strategies,
    defaultStrategy: settings.defaultStrategy ?? 'redact',
    emailRule,
    emailMaskOnly,
    phoneRule: phoneRule(settings.allowPhonePrefixes, settings.maskPhonePrefixes, where),
    keywordScan,
    tokens: tokenDispatch(recognizers),
  };
}

function tokenDispatch(recognizers: readonly CompiledRecognizer[]): SanitizerProfile['tokens'] {
  const ids = new Map<PatternPlan, number>();
  const starts = [];
  for (const c of recognizers) {
    for (const p of c.patterns) {
      if (p.plan?.kind !== 'token' || ids.has(p.plan)) continue;
      ids.set(p.plan, starts.length);
      starts.push(p.plan.start);
    }
  }
  return starts.length > 0 ? { dispatch: TokenDispatch.for(starts), ids } : undefined;
}

/** Settings of a workspace over the airlock's: given fields replace, custom patterns add up. */
export function mergeSettings(base: SanitizerSettings, over: SanitizerSettings): SanitizerSettings {
  const merged: SanitizerSettings = { ...base, ...over };
  merged.strategies = { ...(base.strategies ?? {}), ...(over.strategies ?? {}) };
  merged.customPatterns = [...(base.customPatterns ?? []), ...(over.customPatterns ?? [])];
  return merged;
}
