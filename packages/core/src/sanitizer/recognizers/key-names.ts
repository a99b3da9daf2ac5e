/**
 * Credential assignments (`DB_PASSWORD=…`, `"apiKey": "…"`, `clientSecret: '…'`), found from the
 * name's last word (`password`, `key`, `token`): `indexOf` on the lower-cased text finds those
 * few places fast, and a sticky regex then reads the whole name, the operator and the value.
 * A regex that starts at every identifier would be many times slower on ordinary text.
 */

/** `api key` → a source matching `api_key`, `apiKey`, `ApiKey`, `API-KEY`, `apikey`. */
export function keyNameSource(names: readonly string[]): string {
  const word = (w: string) =>
    `(?:${w[0]!.toLowerCase()}|${w[0]!.toUpperCase()})(?:${w.slice(1)}|${w.slice(1).toUpperCase()})`;
  return `(?:${names.map((n) => n.split(' ').map(word).join('[_.-]?')).join('|')})`;
}

/** An assignment after a name: optional closing quote, then `=`, `:`, `:=` or `=>`. */
export const ASSIGN = `["']?[ \\t]{0,4}(?::=|=>|[:=])[ \\t]{0,4}`;

/** The value after an assignment: double-quoted, single-quoted or bare, as named groups. */
export function valueSource(bare: string, max: number, min = 1): string {
  return `(?:"(?<dq>(?:[^"\\\\\\r\\n]|\\\\.){${min},${max}})"|'(?<sq>[^'\\r\\n]{${min},${max}})'|(?<bare>${bare}{${min},${max}}))`;
}

const VALUE_GROUPS = ['dq', 'sq', 'bare'] as const;

function isIdent(c: number): boolean {
  return (
    (c >= 48 && c <= 57) ||
    (c >= 65 && c <= 90) ||
    (c >= 97 && c <= 122) ||
    c === 95 ||
    c === 45 ||
    c === 46
  );
}
function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
function isLowerOrDigit(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 122);
}

/**
 * A `find` for assignments. `stems` are lower-case words every name contains; `matcher` (no
 * flags needed) matches from the start of a name through the value, with the value in the named
 * groups `dq`, `sq` or `bare`. A name starts after a non-alphanumeric or at a camelCase boundary.
 */
export function assignmentFinder(stems: readonly string[], matcher: string, maxNamePrefix = 24) {
  const re = new RegExp(matcher, 'yd');
  const stemRe = new RegExp(stems.join('|'), 'gi');
  return function* find(text: string): Generator<[number, number]> {
    // One pass over every stem in order; a name inside a value already found is part of that
    // value, so the scan resumes after it (linear in the text).
    stemRe.lastIndex = 0;
    for (let st = stemRe.exec(text); st; st = stemRe.exec(text)) {
      const i = st.index;
      const floor = Math.max(0, i - maxNamePrefix);
      for (let s = i; s >= floor; s--) {
        if (s < i && !isIdent(text.charCodeAt(s))) break;
        const prev = s > 0 ? text.charCodeAt(s - 1) : 32;
        const startsName =
          !isAlnum(prev) ||
          (isLowerOrDigit(prev) && text.charCodeAt(s) >= 65 && text.charCodeAt(s) <= 90);
        if (!startsName) continue;
        re.lastIndex = s;
        const m = re.exec(text);
        if (!m) continue;
        for (const g of VALUE_GROUPS) {
          const span = m.indices?.groups?.[g];
          if (span && span[1] > span[0]) {
            yield [span[0], span[1]];
            if (span[1] > stemRe.lastIndex) stemRe.lastIndex = span[1];
          }
        }
        break;
      }
    }
  };
}
