/**
 * One global regex over the lower-cased text finds which prefilter keywords occur: a single pass
 * for all recognizers, linear on any input (repeated `includes` is not, on repetitive text). At
 * each place it matches the longest keyword that starts there, so one that contains another is
 * still seen. The keywords are written as a trie (`s(?:ecret|k(?:-|_))`): the same matches as a
 * longest-first alternation, with each character compared once.
 */
export function keywordRegex(keywords: Iterable<string>): RegExp {
  const unique = [...new Set([...keywords].map((k) => k.toLowerCase()))];
  return new RegExp(trie(unique), 'g');
}

interface TrieNode {
  end: boolean;
  next: Map<string, TrieNode>;
}

function trie(words: readonly string[]): string {
  const root: TrieNode = { end: false, next: new Map() };
  for (const w of words) {
    let node = root;
    for (const ch of w) {
      let child = node.next.get(ch);
      if (!child) node.next.set(ch, (child = { end: false, next: new Map() }));
      node = child;
    }
    node.end = true;
  }
  return branches(root);
}

/** The regex for the words below `node`; a word that ends here makes the rest optional (greedy). */
function branches(node: TrieNode): string {
  const parts = [...node.next].map(([ch, child]) => escapeChar(ch) + branches(child));
  if (parts.length === 0) return '';
  const body = parts.length === 1 ? parts[0]! : `(?:${parts.join('|')})`;
  return node.end ? `(?:${body})?` : body;
}

function escapeChar(ch: string): string {
  return ch.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
