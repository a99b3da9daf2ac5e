import type { Suite } from '../suite.js';
import { limiterSuite } from './limiter.js';
import { observersSuite } from './observers.js';
import { pipelineSuite } from './pipeline.js';
import { sandboxSuite } from './sandbox.js';

import { sanitizerSuite } from './sanitizer.js';

/** Every suite, in the order `pnpm bench` runs them. */
export const SUITES: readonly Suite[] = [
  pipelineSuite,
  sanitizerSuite,
  limiterSuite,
  observersSuite,
  sandboxSuite,
];
