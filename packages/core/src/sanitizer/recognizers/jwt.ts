import { defineRecognizer } from '../recognizer.js';

/** Whether a base64url segment decodes to a JSON object (a JWT header or payload). */
function decodesToObject(segment: string): boolean {
  try {
    const json = Buffer.from(segment, 'base64url').toString('utf8');
    const parsed: unknown = JSON.parse(json);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed);
  } catch {
    return false;
  }
}

/**
 * JSON Web Tokens: three base64url segments, the first two starting `eyJ` (`{"`). The header
 * must decode to a JSON object with an `alg` or `typ`, so random `eyJ…` text is not a token.
 */
export const jwtRecognizer = defineRecognizer({
  name: 'jwt',
  type: 'jwt',
  patterns: [
    {
      name: 'jwt',
      score: 0.6,
      regex:
        /(?<![\w-])eyJ[A-Za-z0-9_-]{5,8192}\.eyJ[A-Za-z0-9_-]{2,16384}\.[A-Za-z0-9_-]{0,8192}(?![\w-])/,
    },
  ],
  validate(value) {
    const [header, payload] = value.split('.') as [string, string];
    if (!decodesToObject(header)) return false;
    const h = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
    if (!('alg' in h) && !('typ' in h)) return false;
    return decodesToObject(payload) ? true : undefined;
  },
  context: ['jwt', 'token', 'bearer', 'authorization'],
  prefilter: { keywords: ['eyj'] },
  maxLength: 1024,
  partial: () => 'eyJ***',
});
