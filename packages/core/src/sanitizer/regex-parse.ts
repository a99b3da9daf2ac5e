/**
 * A small parser for JavaScript regex sources, shared by the start-up safety check
 * (`regex-safety.ts`) and the scanner's start analysis (`regex-start.ts`). Character sets are
 * exact for ASCII and summarise every other character as `other`, which errs on the side of
 * "may match" wherever it is not exact.
 */

export type CharSet = { bits: Uint32Array; other: boolean };
export type Node =
  | { k: 'seq'; items: Node[] }
  | { k: 'alt'; options: Node[] }
  | {
      k: 'group';
      body: Node;
      look: boolean;
      behind?: boolean;
      negative?: boolean;
      /** A capturing group: its number, and its name if it has one. */
      capture?: number;
      name?: string;
    }
  | { k: 'quant'; body: Node; min: number; max: number }
  | { k: 'set'; set: CharSet }
  | { k: 'assert' }
  /** `\1` or `\k<name>` (without that many groups, `\1` is an octal escape). */
  | { k: 'backref'; ref: number | string };

export function emptySet(): CharSet {
  return { bits: new Uint32Array(4), other: false };
}
export function add(s: CharSet, c: number): void {
  if (c < 128) s.bits[c >> 5]! |= 1 << (c & 31);
  else s.other = true;
}
export function addRange(s: CharSet, from: number, to: number): void {
  for (let c = from; c <= Math.min(to, 127); c++) add(s, c);
  if (to >= 128) s.other = true;
}
export function has(s: CharSet, c: number): boolean {
  return (s.bits[c >> 5]! & (1 << (c & 31))) !== 0;
}
export function union(a: CharSet, b: CharSet): void {
  for (let i = 0; i < 4; i++) a.bits[i]! |= b.bits[i]!;
  a.other ||= b.other;
}
export function overlaps(a: CharSet, b: CharSet): boolean {
  for (let i = 0; i < 4; i++) if ((a.bits[i]! & b.bits[i]!) !== 0) return true;
  return a.other && b.other;
}
export function invert(s: CharSet): CharSet {
  const out = emptySet();
  for (let i = 0; i < 4; i++) out.bits[i] = ~s.bits[i]! >>> 0;
  out.other = true;
  return out;
}
export function classSet(letter: string): CharSet {
  const s = emptySet();
  const lower = letter.toLowerCase();
  if (lower === 'd') addRange(s, 48, 57);
  else if (lower === 'w') {
    addRange(s, 48, 57);
    addRange(s, 65, 90);
    addRange(s, 97, 122);
    add(s, 95);
  } else if (lower === 's') {
    for (const c of [9, 10, 11, 12, 13, 32]) add(s, c);
    s.other = true;
  }
  return letter === lower ? s : invert(s);
}

export class Parser {
  private i = 0;
  /**
   * Set when the source uses an escape this parser only approximates (`\p{…}` without the `u`
   * flag, `\c`, octal escapes, `\u{…}`): its sets and lengths are then not to be relied on.
   */
  approximate = false;
  /** Capturing groups opened so far. */
  groups = 0;
  constructor(
    private readonly src: string,
    private readonly ignoreCase: boolean,
  ) {}

  parse(): Node {
    const node = this.alt();
    if (this.i < this.src.length) throw new Error(`unexpected ')' at ${this.i}`);
    return node;
  }

  private alt(): Node {
    const options = [this.seq()];
    while (this.src[this.i] === '|') {
      this.i++;
      options.push(this.seq());
    }
    return options.length === 1 ? options[0]! : { k: 'alt', options };
  }

  private seq(): Node {
    const items: Node[] = [];
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') {
      let atom = this.atom();
      atom = this.quantifier(atom);
      items.push(atom);
    }
    return { k: 'seq', items };
  }

  private quantifier(atom: Node): Node {
    const c = this.src[this.i];
    let min = -1;
    let max = -1;
    if (c === '*') [min, max] = [0, Infinity];
    else if (c === '+') [min, max] = [1, Infinity];
    else if (c === '?') [min, max] = [0, 1];
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i));
      if (!m) return atom;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      this.i += m[0].length - 1;
    } else return atom;
    this.i++;
    if (this.src[this.i] === '?') this.i++;
    return this.quantifier({ k: 'quant', body: atom, min, max });
  }

  private atom(): Node {
    const c = this.src[this.i]!;
    if (c === '(') return this.group();
    if (c === '[') return { k: 'set', set: this.charClass() };
    if (c === '\\') return this.escape(false) as Node;
    this.i++;
    if (c === '^' || c === '$') return { k: 'assert' };
    if (c === '.') return { k: 'set', set: invert(setOf(10)) };
    return { k: 'set', set: this.literal(c.codePointAt(0)!) };
  }

  private literal(code: number): CharSet {
    const s = setOf(code);
    if (this.ignoreCase && code < 128) {
      const ch = String.fromCharCode(code);
      add(s, ch.toLowerCase().charCodeAt(0));
      add(s, ch.toUpperCase().charCodeAt(0));
    }
    return s;
  }

  private group(): Node {
    this.i++;
    let look = false;
    let behind = false;
    let negative = false;
    let capture = true;
    let name: string | undefined;
    if (this.src[this.i] === '?') {
      const rest = this.src.slice(this.i, this.i + 4);
      capture = false;
      if (rest.startsWith('?:')) this.i += 2;
      else if (rest.startsWith('?=') || rest.startsWith('?!')) {
        negative = rest[1] === '!';
        [this.i, look] = [this.i + 2, true];
      } else if (rest.startsWith('?<=') || rest.startsWith('?<!')) {
        negative = rest[2] === '!';
        [this.i, look, behind] = [this.i + 3, true, true];
      } else if (rest.startsWith('?<')) {
        const end = this.src.indexOf('>', this.i);
        if (end < 0) throw new Error('bad group name');
        name = this.src.slice(this.i + 2, end);
        capture = true;
        this.i = end + 1;
      } else throw new Error(`unsupported group at ${this.i}`);
    }
    // Groups are numbered in the order they open.
    const number = capture ? ++this.groups : undefined;
    const body = this.alt();
    if (this.src[this.i] !== ')') throw new Error('missing )');
    this.i++;
    if (look) return { k: 'group', body, look, behind, negative };
    return {
      k: 'group',
      body,
      look,
      ...(number !== undefined ? { capture: number } : {}),
      ...(name !== undefined ? { name } : {}),
    };
  }

  /** An escape; inside a class it returns a set only. */
  private escape(inClass: boolean): Node | CharSet {
    this.i++;
    const c = this.src[this.i]!;
    this.i++;
    if (
      c === 'c' ||
      c === 'p' ||
      c === 'P' ||
      (inClass && /[1-9]/.test(c)) ||
      (c === '0' && /[0-9]/.test(this.src[this.i] ?? '')) ||
      (c === 'u' && this.src[this.i] === '{')
    )
      this.approximate = true;
    const set = (s: CharSet): Node | CharSet => (inClass ? s : { k: 'set', set: s });
    if ('dDwWsS'.includes(c)) return set(classSet(c));
    if (!inClass && (c === 'b' || c === 'B')) return { k: 'assert' };
    if (!inClass && /[1-9]/.test(c)) {
      // All the digits belong to it (`\12`); without that many groups it is an octal escape.
      const from = this.i - 1;
      while (/[0-9]/.test(this.src[this.i] ?? '')) this.i++;
      return { k: 'backref', ref: Number(this.src.slice(from, this.i)) };
    }
    if (!inClass && c === 'k' && this.src[this.i] === '<') {
      const close = this.src.indexOf('>', this.i);
      if (close < 0) return { k: 'backref', ref: '' };
      const ref = this.src.slice(this.i + 1, close);
      this.i = close + 1;
      return { k: 'backref', ref };
    }
    // `\p{…}` is a property (with the `u` flag); a `\p` without braces is the letter (a search
    // for the brace from here used to send the parser back to the start, forever).
    const end = this.src[this.i] === '{' ? this.src.indexOf('}', this.i) : -1;
    if ((c === 'p' || c === 'P') && end > 0) {
      this.i = end + 1;
      const s = emptySet();
      s.other = true;
      addRange(s, 48, 57);
      addRange(s, 65, 90);
      addRange(s, 97, 122);
      return set(c === 'P' ? invert(s) : s);
    }
    if (c === 'u' || c === 'x') {
      const m =
        c === 'x'
          ? /^[0-9a-fA-F]{2}/.exec(this.src.slice(this.i))
          : /^(?:\{[0-9a-fA-F]+\}|[0-9a-fA-F]{4})/.exec(this.src.slice(this.i));
      if (m) {
        this.i += m[0].length;
        return set(setOf(Number.parseInt(m[0].replace(/[{}]/g, ''), 16)));
      }
    }
    const map: Record<string, number> = { n: 10, r: 13, t: 9, f: 12, v: 11, '0': 0 };
    if (inClass && c === 'b') return setOf(8);
    return set(this.literal(map[c] ?? c.codePointAt(0)!));
  }

  private charClass(): CharSet {
    this.i++;
    let negate = false;
    if (this.src[this.i] === '^') {
      negate = true;
      this.i++;
    }
    const s = emptySet();
    // In JavaScript a `]` right after `[` or `[^` closes the class: `[]` matches nothing, `[^]`
    // anything.
    while (this.i < this.src.length && this.src[this.i] !== ']') {
      let lo: CharSet | number;
      if (this.src[this.i] === '\\') lo = this.escape(true) as CharSet;
      else lo = this.src.codePointAt(this.i++)!;
      if (
        typeof lo === 'number' &&
        this.src[this.i] === '-' &&
        this.src[this.i + 1] !== ']' &&
        this.i + 1 < this.src.length
      ) {
        this.i++;
        let hi: CharSet | number;
        if (this.src[this.i] === '\\') hi = this.escape(true) as CharSet;
        else hi = this.src.codePointAt(this.i++)!;
        if (typeof hi === 'number') {
          addRange(s, lo, hi);
          if (this.ignoreCase) {
            for (let c = lo; c <= Math.min(hi, 127); c++) {
              const ch = String.fromCharCode(c);
              add(s, ch.toLowerCase().charCodeAt(0));
              add(s, ch.toUpperCase().charCodeAt(0));
            }
          }
          continue;
        }
        add(s, lo);
        add(s, 45);
        union(s, hi);
        continue;
      }
      if (typeof lo === 'number') union(s, this.literal(lo));
      else union(s, lo);
    }
    if (this.src[this.i] !== ']') throw new Error('missing ]');
    this.i++;
    return negate ? invert(s) : s;
  }
}

export function setOf(code: number): CharSet {
  const s = emptySet();
  add(s, code);
  return s;
}
