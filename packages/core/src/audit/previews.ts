/** Key names whose values are secrets, matched as whole words of the key (`api_key`, `apiKey`,
 *  `x-auth-token`), so `author`, `keyword` and `shipping` are not redacted. */
const SECRET_WORDS = new Set([
  'password',
  'passwd',
  'pwd',
  'secret',
  'token',
  'apikey',
  'authorization',
  'credential',
  'credentials',
  'cvv',
  'ssn',
  'passphrase',
  'cookie',
]);

const SECRET_PAIRS = new Set([
  'api key',
  'private key',
  'access key',
  'secret key',
  'client secret',
]);

export function isSecretKey(key: string): boolean {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
  for (let i = 0; i < words.length; i++) {
    if (SECRET_WORDS.has(words[i]!)) return true;
    if (i > 0 && SECRET_PAIRS.has(`${words[i - 1]} ${words[i]}`)) return true;
  }
  return false;
}

/** A copy of `value` with the values of secret-named keys replaced. */
export function redactSecretKeys(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object' || depth > 32) return value;
  if (Array.isArray(value)) return value.map((v) => redactSecretKeys(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    const redacted =
      isSecretKey(key) && v !== undefined && v !== null
        ? '[REDACTED:SECRET]'
        : redactSecretKeys(v, depth + 1);
    Object.defineProperty(out, key, {
      value: redacted,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/** JSON text of `value`, cut to `max` characters. */
export function previewText(value: unknown, max: number): string {
  let text: string;
  if (typeof value === 'string') text = value;
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = '[unserializable]';
    }
  }
  return text.length > max ? `${text.slice(0, max)}…(${text.length} chars)` : text;
}
