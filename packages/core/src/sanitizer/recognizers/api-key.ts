import { shannonEntropy } from '../checksums.js';
import { defineRecognizer } from '../recognizer.js';
import { partialKey } from '../strategies.js';
import { ASSIGN, assignmentFinder, keyNameSource, valueSource } from './key-names.js';
import { isPlaceholder } from './secret-values.js';

const CREDENTIAL_NAMES = [
  'api key',
  'apikey',
  'access key',
  'secret key',
  'private key',
  'client secret',
  'app secret',
  'auth key',
  'auth token',
  'access token',
  'refresh token',
  'session token',
  'id token',
  'bearer token',
  'api token',
  'token',
  'secret',
  'signing key',
  'encryption key',
  'master key',
  'webhook secret',
  'credentials',
  'credential',
];

/** Names whose values are not this type's: pagination cursors, and AWS secret keys (aws_access_key). */
const NOT_CREDENTIAL =
  /(?:(?:page|next|continuation|sync|resume|cursor)[_.-]?token|secret[_.-]?access[_.-]?key)["']?[ \t]{0,4}(?::=|=>|[:=])[ \t]{0,4}["']?$/i;

/** Vendor prefixes: the part of a key that `partial` keeps. */
const PREFIX =
  /^(?:sk-(?:proj|svcacct|admin|ant-[a-z]+\d*|ant)-|sk-|gh[pousr]_|github_pat_|xox[abposr]-|xapp-|[sr]k_(?:live|test|prod)_|whsec_|AIza|hf_|npm_|glpat-|pplx-|SG\.|shpat_|xai-)/;

/**
 * API keys and tokens: vendor formats (OpenAI incl. `sk-proj-`, Anthropic `sk-ant-`, GitHub,
 * Slack, Stripe, Google, Hugging Face, npm, GitLab, ...), `Bearer`/`Basic` credentials, and
 * high-entropy values assigned to credential names. Placeholders and `${VAR}` are not keys.
 */
export const apiKeyRecognizer = defineRecognizer({
  name: 'api-key',
  type: 'api_key',
  patterns: [
    {
      name: 'openai',
      score: 0.95,
      regex: /(?<![\w-])sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{20,300}(?![\w-])/,
    },
    { name: 'anthropic', score: 0.95, regex: /(?<![\w-])sk-ant-[A-Za-z0-9_-]{20,300}(?![\w-])/ },
    { name: 'openai-legacy', score: 0.9, regex: /(?<![\w-])sk-[A-Za-z0-9]{20,200}(?![\w-])/ },
    {
      name: 'github',
      score: 0.95,
      regex: /(?<![\w-])(?:gh[pousr]_[A-Za-z0-9]{30,255}|github_pat_[A-Za-z0-9_]{30,255})(?![\w-])/,
    },
    {
      name: 'slack',
      score: 0.95,
      regex: /(?<![\w-])(?:xox[abposr]-[A-Za-z0-9-]{10,250}|xapp-\d-[A-Za-z0-9-]{10,250})(?![\w-])/,
    },
    {
      name: 'stripe',
      score: 0.95,
      regex:
        /(?<![\w-])(?:[sr]k_(?:live|test|prod)_[A-Za-z0-9]{10,247}|whsec_[A-Za-z0-9]{20,100})(?![\w-])/,
    },
    { name: 'google', score: 0.95, regex: /(?<![\w-])AIza[\w-]{35}(?![\w-])/ },
    {
      name: 'other-vendors',
      score: 0.9,
      regex:
        /(?<![\w-])(?:hf_[A-Za-z]{30,40}|npm_[A-Za-z0-9]{36}|glpat-[\w-]{20,50}|pplx-[A-Za-z0-9]{40,60}|SG\.[\w-]{16,32}\.[\w-]{16,64}|shpat_[a-fA-F0-9]{32}|xai-[A-Za-z0-9]{40,100})(?![\w-])/,
    },
    {
      name: 'authorization-header',
      score: 0.9,
      group: 1,
      regex:
        /(?<![A-Za-z0-9])(?:[Bb]earer|BEARER|[Bb]asic|BASIC)[ \t]{1,4}([A-Za-z0-9\-._~+/]{12,4096}={0,2})(?![\w\-._~+/=])/,
    },
    {
      name: 'assigned-to-key-name',
      score: 0.8,
      find: assignmentFinder(
        ['key', 'token', 'secret', 'credential'],
        `${keyNameSource(CREDENTIAL_NAMES)}${ASSIGN}${valueSource('[A-Za-z0-9_\\-.+/=~]', 512, 8)}`,
      ),
    },
  ],
  validate(value, { text, start, pattern }) {
    if (isPlaceholder(value)) return false;
    if (
      pattern === 'assigned-to-key-name' &&
      NOT_CREDENTIAL.test(text.slice(Math.max(0, start - 64), start))
    )
      return false;
    if (
      pattern === 'assigned-to-key-name' ||
      pattern === 'json-key' ||
      pattern === 'authorization-header'
    ) {
      // A key has entropy and mixes kinds of characters; `token_type=bearer`, `max=4096` do not.
      if (/\s/.test(value) || value.length < 8) return false;
      if (/^(?:true|false|null|bearer|basic|none)$/i.test(value)) return false;
      const kinds =
        Number(/[a-z]/.test(value)) +
        Number(/[A-Z]/.test(value)) +
        Number(/\d/.test(value)) +
        Number(/[^A-Za-z0-9]/.test(value));
      if (kinds < 2) return false;
      if (shannonEntropy(value) < (value.length >= 32 ? 3.2 : 2.8)) return false;
      return undefined;
    }
    return !/x{6,}|X{6,}|\*{4,}/.test(value);
  },
  jsonKeys: {
    pattern:
      /(?:^|_)(?:api_?key|(?<!secret_)access_key|secret_key|private_key|client_secret|app_secret|auth_key|auth_token|access_token|refresh_token|session_token|id_token|bearer_token|api_token|signing_key|encryption_key|master_key|webhook_secret|credentials?|secret|(?<!(?:page|next|continuation|sync|resume|cursor)_)token)$/,
    score: 0.8,
  },
  context: ['key', 'token', 'secret', 'api', 'authorization', 'credential', 'credentials'],
  prefilter: {
    keywords: [
      'sk-',
      'gh',
      'github_pat_',
      'xox',
      'xapp-',
      'sk_',
      'rk_',
      'whsec_',
      'aiza',
      'hf_',
      'npm_',
      'glpat-',
      'pplx-',
      'sg.',
      'shpat_',
      'xai-',
      'bearer',
      'basic',
      'key',
      'token',
      'secret',
      'credential',
    ],
  },
  maxLength: 600,
  partial: (v) => partialKey('api_key', v, PREFIX.exec(v)?.[0] ?? ''),
});
