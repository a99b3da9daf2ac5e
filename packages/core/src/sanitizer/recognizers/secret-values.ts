/**
 * Values that stand for a secret without being one: `${DB_PASSWORD}`, `<redacted>`, `********`,
 * `process.env.X`, `[REDACTED:...]`. Masking them destroys information and they leak nothing.
 */
const PLACEHOLDER =
  /^(?:\$\{[^}]*\}|\$\(.*\)|\$[A-Z_][A-Z0-9_]*|%[A-Z_][A-Z0-9_]*%|\{\{.*\}\}|<[^<>]*>|\[[A-Z_]*REDACTED[^\]]*\]|\[[A-Z_]+:(?:h|tok)_[0-9a-f]+\]|\*+|x{3,}|X{3,}|•+|null|none|nil|undefined|true|false|empty|string|str|number|int|boolean|bool|any|password|secret|redacted|hidden|masked|changeit|your[_-]?\w*|<\w+>|%s|%v|\?|\.\.\.|…)$/i;

/** Code, not a value: `os.environ["X"]`, `getenv("X")`, `z.string()`, `process.env.API_KEY`. */
const CODE =
  /^(?:[\w.$]+\(.*\)|process\.env\.\w+|os\.environ\b.*|env\.\w+|config\.\w+|settings\.\w+|self\.\w+|this\.\w+)$/;

export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v.length === 0) return true;
  // `password: token: …`: what follows the operator is the next key, not a value.
  if (/^[A-Za-z_][\w.-]{0,40}[:=]$/.test(v)) return true;
  if (PLACEHOLDER.test(v) || CODE.test(v)) return true;
  // All one character repeated (`aaaaaaaa`, `00000000`).
  for (let i = 1; i < v.length; i++) if (v[i] !== v[0]) return false;
  return v.length > 1;
}
