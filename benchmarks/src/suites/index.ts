import type { Suite } from '../suite.js';
import { limiterSuite } from './limiter.js';
import { pipelineSuite } from './pipeline.js';

/** Every suite, in the order `pnpm bench` runs them. */
export const SUITES: readonly Suite[] = [pipelineSuite, limiterSuite];
