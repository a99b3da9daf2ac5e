import { shannonEntropy } from '../checksums.js';
import { defineRecognizer } from '../recognizer.js';

const ACCESS_KEY_ID = /A(?<![A-Za-z0-9]A)(?:KIA|SIA|BIA|CCA|3T[A-Z0-9])[A-Z0-9]{16}(?![A-Za-z0-9])/;
const NEAR_KEY_ID = /(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}/;
const AFTER_SECRET_NAME = /secret[_ -]?access[_ -]?key["']?[ \t]{0,4}[:=][ \t]{0,4}["']?$/i;

const SECRET_KEY = /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;
const KEY_CHAR = /[A-Za-z0-9/+=]/;
const ANCHOR =
  /(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}|secret[_ -]?access[_ -]?key|secretaccesskey|aws_secret/gi;

/**
 * 40-character secret keys are looked for only near an anchor (an access key id or a secret-key
 * name), so the cost is proportional to the anchors, not to every word of the text.
 */
function* findSecretKeys(text: string): Generator<[number, number]> {
  let scannedTo = 0;
  ANCHOR.lastIndex = 0;
  for (let a = ANCHOR.exec(text); a; a = ANCHOR.exec(text)) {
    const from = Math.max(scannedTo, a.index - 200);
    const to = Math.min(text.length, a.index + a[0].length + 300);
    if (to <= from) continue;
    // Search the window only (a search of the whole text per anchor would be quadratic), then
    // check the boundaries against the text around the window.
    const window = text.slice(from, to);
    SECRET_KEY.lastIndex = 0;
    for (let m = SECRET_KEY.exec(window); m; m = SECRET_KEY.exec(window)) {
      const start = from + m.index;
      if (!KEY_CHAR.test(text[start - 1] ?? ' ') && !KEY_CHAR.test(text[start + 40] ?? ' '))
        yield [start, start + 40];
    }
    scannedTo = to;
  }
}

/**
 * AWS access key ids (`AKIA…`, temporary `ASIA…`) and the 40-character secret access key next
 * to one: after a secret-key name, or within a few lines of an access key id (credentials CSV,
 * `aws configure` output, STS JSON).
 */
export const awsAccessKeyRecognizer = defineRecognizer({
  name: 'aws-access-key',
  type: 'aws_access_key',
  patterns: [
    { name: 'access-key-id', score: 0.95, regex: ACCESS_KEY_ID },
    { name: 'secret-access-key', score: 0.3, find: findSecretKeys },
  ],
  validate(value, { text, start, end, pattern }) {
    if (pattern === 'access-key-id') return /EXAMPLE$/.test(value) ? undefined : true;
    // A secret key mixes cases and digits; a 40-hex git SHA or a word run does not.
    if (
      !/[a-z]/.test(value) ||
      !/[A-Z]/.test(value) ||
      !/\d/.test(value) ||
      shannonEntropy(value) < 4
    )
      return false;
    if (AFTER_SECRET_NAME.test(text.slice(Math.max(0, start - 64), start))) return true;
    const around = text.slice(Math.max(0, start - 200), Math.min(text.length, end + 200));
    return NEAR_KEY_ID.test(around) ? true : undefined;
  },
  jsonKeys: { pattern: /(?:^|_)secret_access_key$/, score: 0.9 },
  context: [
    'aws secret access key',
    'secret access key',
    'aws secret key',
    'aws secret',
    'secret key',
    'secretaccesskey',
  ],
  prefilter: { keywords: ['akia', 'asia', 'abia', 'acca', 'a3t', 'secret'] },
  maxLength: 64,
  partial: (v) => (v.length === 20 ? `${v.slice(0, 4)}***` : `[REDACTED:AWS_ACCESS_KEY]`),
});
