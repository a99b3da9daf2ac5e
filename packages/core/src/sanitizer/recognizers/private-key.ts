import { defineRecognizer } from '../recognizer.js';

const BEGIN = /-----BEGIN[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----/g;

/**
 * PEM private keys, the whole block: header, body and END line. A block cut short (`head -c 120
 * id_rsa`) is masked from its BEGIN line through the base64 body that follows. In JSON text the
 * line breaks are `\n` escapes, which the body may contain.
 */
export const privateKeyRecognizer = defineRecognizer({
  name: 'private-key',
  type: 'private_key',
  patterns: [
    {
      // Stops at the next BEGIN as well, so many BEGIN lines without END cannot make it quadratic.
      name: 'pem-block',
      score: 1,
      regex:
        /-----BEGIN[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----(?:(?!-----(?:BEGIN|END))[\s\S]){0,65536}-----END[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----/,
    },
    {
      // Line by line: base64 lines and `Name: value` headers after real or escaped newlines.
      name: 'pem-truncated',
      score: 0.95,
      regex:
        /-----BEGIN[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----(?:[A-Za-z0-9+/=]{16,4096})?(?:(?:\r?\n|\\r\\n|\\n)(?:[A-Za-z0-9+/=]{1,4096}|[A-Za-z-]{2,20}: [^\r\n\\]{1,200})?| [A-Za-z0-9+/=]{16,4096}){0,4096}/,
    },
  ],
  prefilter: { keywords: ['private key'] },
  maxLength: 128,
  /** A BEGIN line without its END line: the stream holds the block until it ends. */
  pendingStart(text) {
    let last = -1;
    BEGIN.lastIndex = 0;
    for (let m = BEGIN.exec(text); m; m = BEGIN.exec(text)) last = m.index;
    if (last < 0) return -1;
    return /-----END[ A-Z0-9]{0,40}PRIVATE KEY/.test(text.slice(last)) ? -1 : last;
  },
});
