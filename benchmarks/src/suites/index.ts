import type { Suite } from '../suite.js';
import { observersSuite } from './observers.js';
import { pipelineSuite } from './pipeline.js';
import { sandboxSuite } from './sandbox.js';

/** Every suite, in the order `pnpm bench` runs them. */
export const SUITES: readonly Suite[] = [pipelineSuite, observersSuite, sandboxSuite];
