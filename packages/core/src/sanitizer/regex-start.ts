import { type CharSet, emptySet, has, type Node, Parser, union } from './regex-parse.js';

/**
 * What every match of a regex looks like at its start, derived from its source: the characters
 * allowed at each of its first few offsets, and the characters that may not come just before it
 * (a boundary lookbehind such as `(?<![A-Za-z0-9])` or `\d(?<![\w.]\d)`). The scanner tries a
 * regex only at positions that pass these tests, so the analysis must over-approximate: a set
 * may hold characters no match has there, never lack one that a match has. Lookarounds are
 * ignored (they only remove matches) except for the boundary, and a backreference stands for
 * what its group matched. `undefined` when the source uses syntax the parser only approximates.
 */
export interface RegexStart {
  /** Offsets tested: every match is at least this long, at most `MAX_OFFSETS`. */
  length: number;
  /** `allowed[i * 128 + c]` is 1 when ASCII `c` may be at offset `i`. */
  allowed: Uint8Array;
  /** `otherAllowed[i]` is 1 when a non-ASCII character may be at offset `i`. */
  otherAllowed: Uint8Array;
  /** `before[c]` is 1 when ASCII `c` just before a position rules out a match there. */
  before: Uint8Array | undefined;
  /** The lengths a match may have: bit `e` for `e`, bit `MAX_OFFSETS` for that many or more. */
  ends: number;
  /** `after[c]` is 1 when ASCII `c` just after a match rules it out (a final `(?![\w-]|…)`). */
  after: Uint8Array | undefined;
}

/** How many leading offsets are described (a few suffice to reject most positions). */
export const MAX_OFFSETS = 16;
/** The bit of an offsets mask that stands for "at or past `MAX_OFFSETS`". */
const BEYOND = 1 << MAX_OFFSETS;
const ALL_OFFSETS = (BEYOND << 1) - 1;

export function analyzeRegexStart(regex: RegExp): RegexStart | undefined {
  // `u`/`v` change escapes and case folding, `s` lets `.` match line breaks: not modelled.
  if (/[uvs]/.test(regex.flags)) return undefined;
  let ast: Node;
  const parser = new Parser(regex.source, regex.flags.includes('i'));
  try {
    ast = parser.parse();
  } catch {
    return undefined;
  }
  if (parser.approximate) return undefined;
  const sets: CharSet[] = Array.from({ length: MAX_OFFSETS }, emptySet);
  const groups = new Map<number | string, Node>();
  collectGroups(ast, groups);
  const ends = new Walker(sets, groups, parser.groups).walk(ast, 1);
  // The shortest match: offsets past it may be outside the match, so they are not tested.
  let length = 0;
  while (length < MAX_OFFSETS && (ends & (1 << length)) === 0) length++;
  if (length === 0) return undefined;
  const allowed = new Uint8Array(length * 128);
  const otherAllowed = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    const s = sets[i]!;
    for (let c = 0; c < 128; c++) if (has(s, c)) allowed[i * 128 + c] = 1;
    if (s.other) otherAllowed[i] = 1;
  }
  return {
    length,
    allowed,
    otherAllowed,
    before: boundaryBefore(ast),
    ends,
    after: boundaryAfter(ast),
  };
}

/** `offsets` shifted one character on; everything at or past the end stays in `BEYOND`. */
function advance(offsets: number): number {
  const shifted = (offsets << 1) & ALL_OFFSETS;
  return offsets & BEYOND ? shifted | BEYOND : shifted;
}

/** Capturing groups by number and by name. */
function collectGroups(node: Node, out: Map<number | string, Node>): void {
  switch (node.k) {
    case 'seq':
      for (const item of node.items) collectGroups(item, out);
      break;
    case 'alt':
      for (const option of node.options) collectGroups(option, out);
      break;
    case 'quant':
      collectGroups(node.body, out);
      break;
    case 'group':
      if (node.capture !== undefined) out.set(node.capture, node.body);
      if (node.name !== undefined) out.set(node.name, node.body);
      collectGroups(node.body, out);
      break;
  }
}

/**
 * Walks a node from the start offsets in the mask `from`, adding the characters it can consume
 * at each offset to `sets`; returns the mask of offsets where it can end.
 */
class Walker {
  /** Groups whose body is being walked for a backreference (to stop at cycles). */
  private readonly active = new Set<Node>();

  constructor(
    private readonly sets: CharSet[],
    private readonly groups: ReadonlyMap<number | string, Node>,
    private readonly groupCount: number,
  ) {}

  walk(node: Node, from: number): number {
    if (from === 0 || from === BEYOND) return from;
    const sets = this.sets;
    switch (node.k) {
      case 'set':
        for (let i = 0; i < MAX_OFFSETS; i++) if (from & (1 << i)) union(sets[i]!, node.set);
        return advance(from);
      case 'seq': {
        let at = from;
        for (const item of node.items) at = this.walk(item, at);
        return at;
      }
      case 'alt': {
        let out = 0;
        for (const option of node.options) out |= this.walk(option, from);
        return out;
      }
      case 'group':
        return node.look ? from : this.walk(node.body, from);
      case 'assert':
        return from;
      case 'backref': {
        // The text its group matched (so a string the group's body matches), or nothing if the
        // group has not matched. `\12` without 12 groups is an octal escape: anything, then.
        const body =
          typeof node.ref === 'number' && node.ref > this.groupCount
            ? undefined
            : this.groups.get(node.ref);
        if (body === undefined || this.active.has(body)) return this.anything(from);
        this.active.add(body);
        const out = this.repeat(body, 0, 1, from);
        this.active.delete(body);
        return out;
      }
      case 'quant':
        return this.repeat(node.body, node.min, node.max, from);
    }
  }

  /** Any text of any length: every offset from the first start on may hold anything. */
  private anything(from: number): number {
    let first = 0;
    while ((from & (1 << first)) === 0) first++;
    const any = emptySet();
    any.bits.fill(0xffffffff);
    any.other = true;
    for (let i = first; i < MAX_OFFSETS; i++) union(this.sets[i]!, any);
    return ALL_OFFSETS & ~((1 << first) - 1);
  }

  /**
   * `body{min,max}`. The masks live in a finite lattice, so repeating stops changing them after
   * a few rounds; the loops stop there (a `{0,65536}` costs what a `{0,9}` does).
   */
  private repeat(body: Node, min: number, max: number, from: number): number {
    let at = from;
    for (let i = 0; i < min; i++) {
      const next = this.walk(body, at);
      if (next === at) break;
      at = next;
    }
    let all = at;
    for (let i = min; i < max; i++) {
      const next = all | this.walk(body, all);
      if (next === all) break;
      all = next;
    }
    return all;
  }
}

/**
 * Characters that may not precede a match, from a negative lookbehind at the start of the
 * pattern: `(?<![A-Za-z0-9])…` (one character class), or after a first class F,
 * `F(?<![\w.]G|…)` with F inside G (then a match at p needs text[p-1] outside `[\w.]`).
 */
function boundaryBefore(ast: Node): Uint8Array | undefined {
  const items = ast.k === 'seq' ? ast.items : [ast];
  let first: CharSet | undefined;
  let out: Uint8Array | undefined;
  for (const item of items) {
    if (item.k === 'set') {
      if (first) break;
      first = item.set;
      continue;
    }
    if (item.k === 'assert') continue;
    if (item.k !== 'group' || !item.look) break;
    if (!item.behind || !item.negative) continue;
    const options = item.body.k === 'alt' ? item.body.options : [item.body];
    for (const option of options) {
      const parts = option.k === 'seq' ? option.items : [option];
      const want = first ? 2 : 1;
      if (parts.length !== want || parts.some((p) => p.k !== 'set')) continue;
      const sets = parts.map((p) => (p as Extract<Node, { k: 'set' }>).set);
      if (first && !subset(first, sets[1]!)) continue;
      out ??= new Uint8Array(128);
      for (let c = 0; c < 128; c++) if (has(sets[0]!, c)) out[c] = 1;
    }
  }
  return out;
}

/**
 * Characters that may not follow a match, from negative lookaheads at the end of the pattern:
 * the alternatives of one character class (`\w` in `(?!\w|\.\d)`).
 */
function boundaryAfter(ast: Node): Uint8Array | undefined {
  if (ast.k !== 'seq') return undefined;
  let out: Uint8Array | undefined;
  for (let i = ast.items.length - 1; i >= 0; i--) {
    const item = ast.items[i]!;
    if (item.k === 'assert') continue;
    if (item.k !== 'group' || !item.look) break;
    if (item.behind || !item.negative) continue;
    const options = item.body.k === 'alt' ? item.body.options : [item.body];
    for (const option of options) {
      const parts = option.k === 'seq' ? option.items : [option];
      if (parts.length !== 1 || parts[0]!.k !== 'set') continue;
      out ??= new Uint8Array(128);
      for (let c = 0; c < 128; c++) if (has(parts[0]!.set, c)) out[c] = 1;
    }
  }
  return out;
}

function subset(a: CharSet, b: CharSet): boolean {
  for (let i = 0; i < 4; i++) if ((a.bits[i]! & ~b.bits[i]!) !== 0) return false;
  return !a.other || b.other;
}
