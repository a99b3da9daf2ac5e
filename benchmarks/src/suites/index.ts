import type { Suite } from '../suite.js';
import { pipelineSuite } from './pipeline.js';
import { sanitizerSuite } from './sanitizer.js';

/** Every suite, in the order `pnpm bench` runs them. */
export const SUITES: readonly Suite[] = [pipelineSuite, sanitizerSuite];
