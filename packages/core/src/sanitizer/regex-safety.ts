/**
 * Start-up checks for user-supplied patterns. JavaScript has no regex timeout, so one pattern
 * that backtracks can stall every call. A pattern is rejected when it does not compile, when its
 * structure can backtrack exponentially or polynomially (nested or overlapping repetition,
 * backreferences), or when it is measurably super-linear on long runs of its own characters.
 */

import { type CharSet, emptySet, has, type Node, overlaps, Parser, union } from './regex-parse.js';

/** Why a pattern is unsafe, or `undefined` when it is fine. */
export function regexSafetyProblem(regex: RegExp): string | undefined {
  let ast: Node;
  try {
    ast = new Parser(regex.source, regex.flags.includes('i')).parse();
  } catch (error) {
    return `cannot be analysed: ${(error as Error).message}`;
  }
  return staticProblem(ast) ?? probeProblem(regex, ast);
}

// ---------------------------------------------------------------- structure

const BIG = 64;

function staticProblem(node: Node): string | undefined {
  switch (node.k) {
    case 'backref':
      return 'uses a backreference, which can backtrack exponentially';
    case 'seq': {
      for (const item of node.items) {
        const p = staticProblem(item);
        if (p) return p;
      }
      return adjacentRepeats(node.items);
    }
    case 'alt':
      for (const o of node.options) {
        const p = staticProblem(o);
        if (p) return p;
      }
      return undefined;
    case 'group':
      return staticProblem(node.body);
    case 'quant': {
      const inner = staticProblem(node.body);
      if (inner) return inner;
      if (node.max < 2) return undefined;
      const alt = unwrapAlt(node.body);
      if (alt && alternativesOverlap(alt)) {
        return 'repeats an alternation whose branches can match the same text, e.g. (a|ab)+; make the branches start differently';
      }
      if (containsRepeat(node.body) && !delimited(node.body)) {
        return 'nests a repetition inside a repetition, e.g. (\\w+\\s?)+, which backtracks exponentially; bound it or add a required separator';
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** `\w+\d+`, `.*.*`: two unbounded repetitions that can share characters, nothing required between. */
function adjacentRepeats(items: Node[]): string | undefined {
  for (let i = 0; i < items.length; i++) {
    if (!unbounded(items[i]!)) continue;
    const a = charsOf(items[i]!);
    for (let j = i + 1; j < items.length; j++) {
      const b = items[j]!;
      if (unbounded(b) && overlaps(a, charsOf(b))) {
        return 'has two unbounded repetitions over the same characters next to each other, e.g. \\w+\\d+, which backtracks polynomially';
      }
      if (!nullable(b)) break;
    }
  }
  return undefined;
}

function unwrapAlt(node: Node): Extract<Node, { k: 'alt' }> | undefined {
  if (node.k === 'alt') return node;
  if (node.k === 'group') return unwrapAlt(node.body);
  if (node.k === 'seq' && node.items.length === 1) return unwrapAlt(node.items[0]!);
  return undefined;
}

function alternativesOverlap(alt: Extract<Node, { k: 'alt' }>): boolean {
  const firsts = alt.options.map(firstChars);
  if (alt.options.some(nullable)) return true;
  for (let i = 0; i < firsts.length; i++) {
    for (let j = i + 1; j < firsts.length; j++) if (overlaps(firsts[i]!, firsts[j]!)) return true;
  }
  return false;
}

function containsRepeat(node: Node): boolean {
  switch (node.k) {
    case 'quant':
      return node.max >= 2 || containsRepeat(node.body);
    case 'seq':
      return node.items.some(containsRepeat);
    case 'alt':
      return node.options.some(containsRepeat);
    case 'group':
      return !node.look && containsRepeat(node.body);
    default:
      return false;
  }
}

/**
 * A repeated body is safe when every inner repetition is followed by a required character it
 * cannot match (`(?:\d{1,3}\.){3}`): each round then ends at a fixed place.
 */
function delimited(node: Node): boolean {
  let body = node;
  while (body.k === 'group' && !body.look) body = body.body;
  if (body.k === 'seq' && body.items.length === 1 && body.items[0]!.k === 'group')
    return delimited(body.items[0]!);
  const items = body.k === 'seq' ? body.items : [body];
  for (let i = 0; i < items.length; i++) {
    const it = items[i]!;
    if (!containsRepeat(it)) continue;
    const chars = charsOf(it);
    let ok = false;
    for (let j = i + 1; j < items.length && !ok; j++) {
      const next = items[j]!;
      if (nullable(next)) continue;
      ok = next.k === 'set' && !overlaps(chars, next.set);
      break;
    }
    if (!ok) return false;
  }
  return true;
}

function unbounded(node: Node): boolean {
  switch (node.k) {
    case 'quant':
      return node.max > BIG || unbounded(node.body);
    case 'seq':
      return node.items.some(unbounded);
    case 'alt':
      return node.options.some(unbounded);
    case 'group':
      return !node.look && unbounded(node.body);
    default:
      return false;
  }
}

function nullable(node: Node): boolean {
  switch (node.k) {
    case 'seq':
      return node.items.every(nullable);
    case 'alt':
      return node.options.some(nullable);
    case 'group':
      return node.look || nullable(node.body);
    case 'quant':
      return node.min === 0 || nullable(node.body);
    case 'set':
      return false;
    default:
      return true;
  }
}

function firstChars(node: Node): CharSet {
  const out = emptySet();
  const visit = (n: Node): boolean => {
    // returns whether n is nullable (so the next item's first chars count too)
    switch (n.k) {
      case 'set':
        union(out, n.set);
        return false;
      case 'seq':
        for (const it of n.items) if (!visit(it)) return false;
        return true;
      case 'alt': {
        let any = false;
        for (const o of n.options) any = visit(o) || any;
        return any;
      }
      case 'group':
        return n.look ? true : visit(n.body);
      case 'quant':
        return visit(n.body) || n.min === 0;
      default:
        return true;
    }
  };
  visit(node);
  return out;
}

function charsOf(node: Node): CharSet {
  const out = emptySet();
  const visit = (n: Node): void => {
    if (n.k === 'set') union(out, n.set);
    else if (n.k === 'seq') n.items.forEach(visit);
    else if (n.k === 'alt') n.options.forEach(visit);
    else if (n.k === 'group' && !n.look) visit(n.body);
    else if (n.k === 'quant') visit(n.body);
  };
  visit(node);
  return out;
}

// ---------------------------------------------------------------- measurement

const PROBE_LENGTH = 8192;
/** Below this a timing says nothing: a linear pattern scans the probe in well under it. */
const NOISE_FLOOR_MS = 2;
/** Four times the input: a linear pattern takes about 4x as long, a quadratic one about 16x. */
const GROWTH_LIMIT = 10;
/** On the short input already: an exponential pattern is far past this. */
const HARD_LIMIT_MS = 250;
/** Each length is timed this many times and the fastest run counts: load only ever adds time. */
const RUNS = 3;

/**
 * Runs the pattern over long runs of the characters it names and judges how its time grows with
 * the input (a quarter of the length, then the whole), not the time itself: a busy machine makes
 * every pattern slower, but only a backtracking one grows faster than the input.
 */
function probeProblem(regex: RegExp, ast: Node): string | undefined {
  const re = new RegExp(regex.source, regex.flags.includes('g') ? regex.flags : `${regex.flags}g`);
  const chars = new Set(['a', 'A', '0', ' ', '.', '-', '@', '_', '/', ':', '=', '\n']);
  for (const c of literalChars(ast)) chars.add(c);
  const units = [...chars, 'a0', 'a ', 'a.'];
  for (const unit of units) {
    const long = unit.repeat(PROBE_LENGTH / unit.length);
    const short = long.slice(0, PROBE_LENGTH / 4);
    // V8 first interprets a regex and compiles it after a run: time the compiled code only.
    timeScan(re, short.slice(0, 256));
    const tShort = fastest(re, short);
    const tLong = tShort > HARD_LIMIT_MS ? tShort : fastest(re, long);
    const growth = tLong / Math.max(tShort, 0.01);
    if (tShort > HARD_LIMIT_MS || (tLong > NOISE_FLOOR_MS && growth > GROWTH_LIMIT)) {
      const sample = JSON.stringify(unit.repeat(4 / unit.length));
      return `takes ${tLong.toFixed(0)} ms on ${PROBE_LENGTH} characters of ${sample}… (${growth.toFixed(0)}x the time of a quarter of them): it backtracks (use bounded quantifiers like {1,64} and a boundary before a repeated start)`;
    }
  }
  return undefined;
}

function fastest(re: RegExp, text: string): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < RUNS; i++) best = Math.min(best, timeScan(re, text));
  return best;
}

/** Milliseconds to find every match in `text`. */
function timeScan(re: RegExp, text: string): number {
  const t0 = performance.now();
  re.lastIndex = 0;
  for (let n = 0; n < text.length + 1; n++) {
    const m = re.exec(text);
    if (!m) break;
    if (m[0].length === 0) re.lastIndex++;
  }
  return performance.now() - t0;
}

function literalChars(node: Node): string[] {
  const out: string[] = [];
  const visit = (n: Node): void => {
    if (n.k === 'set') {
      let count = 0;
      let only = -1;
      for (let c = 0; c < 128 && count < 2; c++) {
        if (has(n.set, c)) {
          count++;
          only = c;
        }
      }
      if (count === 1) out.push(String.fromCharCode(only));
    } else if (n.k === 'seq') n.items.forEach(visit);
    else if (n.k === 'alt') n.options.forEach(visit);
    else if (n.k === 'group' || n.k === 'quant') visit(n.body);
  };
  visit(node);
  return out.slice(0, 24);
}
