import { defineRecognizer } from '../recognizer.js';
import { ASSIGN, assignmentFinder, keyNameSource, valueSource } from './key-names.js';
import { isPlaceholder } from './secret-values.js';

const PASSWORD_NAMES = [
  'password',
  'passwd',
  'passphrase',
  'pwd',
  'pass word',
  'secret',
  'db pass',
  'user pass',
  'root pass',
];

/**
 * Passwords: in assignments (`DB_PASSWORD=…`, `password: "…"`, `Pwd=…;`), JSON fields,
 * `--password …` flags, and connection strings (`postgres://user:pass@host`). A value never
 * runs past the end of its line, and `${VAR}`, `****` and `<redacted>` are not passwords.
 */
export const passwordRecognizer = defineRecognizer({
  name: 'password',
  type: 'password',
  patterns: [
    {
      name: 'assignment',
      score: 0.85,
      find: assignmentFinder(
        ['pass', 'pwd', 'secret'],
        `${keyNameSource(PASSWORD_NAMES)}${ASSIGN}${valueSource('[^\\s"\',;&<>]', 256)}`,
      ),
    },
    {
      name: 'cli-flag',
      score: 0.85,
      group: ['dq', 'sq', 'bare'],
      regex: new RegExp(
        `--(?<![\\w-]--)(?:password|passwd|pass)[ =]${valueSource('[^\\s"\',;&<>-]', 256)}`,
      ),
    },
    {
      name: 'connection-string',
      score: 0.9,
      group: 1,
      regex:
        /:\/\/(?<=[a-zA-Z][a-zA-Z0-9+.-]{0,30}:\/\/)[^\s:/?#@"'<>]{0,128}:([^\s/?#"'<>]{1,256})@(?=[A-Za-z0-9[])/,
    },
  ],
  validate(value) {
    return isPlaceholder(value) ? false : undefined;
  },
  jsonKeys: {
    pattern: /(?:^|_)(?:password|passwd|passphrase|pwd|pass|secret|db_pass|user_pass)$/,
    score: 0.85,
  },
  context: ['password', 'passwd', 'pwd', 'passphrase', 'secret'],
  prefilter: { keywords: ['pass', 'pwd', 'secret', '://'] },
  maxLength: 300,
});
