import { defineRecognizer } from '../../src/index.js';

/** A small email recognizer for tests (core's universal set is built elsewhere). */
export const testEmail = defineRecognizer({
  name: 'test-email',
  type: 'email',
  patterns: [
    {
      name: 'email',
      regex: /[a-z0-9._-]{1,64}@[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){1,4}/g,
      score: 0.9,
    },
  ],
});
