import { SanitizerEngine } from '../sanitizer/engine.js';
import type { CompiledRecognizer, SanitizerProfile } from '../sanitizer/profile.js';
import type { ExplainedCandidate, Finding } from '../sanitizer/recognizer.js';
import { referenceScanText } from './reference-scan.js';

/**
 * A `SanitizerEngine` that scans with the reference scanner: every pattern over the whole text,
 * no candidate index. Its `scan`, `explain` and `mask` must equal the real engine's on any input;
 * tests assert that, and the sanitizer benchmark uses it as the before-optimisation baseline.
 */
export class ReferenceSanitizerEngine extends SanitizerEngine {
  protected override scanText(
    profile: SanitizerProfile,
    text: string,
    keyWords: readonly string[] | undefined,
    keyed: readonly CompiledRecognizer[] | undefined,
    sink: ExplainedCandidate[] | undefined,
  ): Finding[] {
    return referenceScanText(profile, text, keyWords, keyed, sink);
  }
}
