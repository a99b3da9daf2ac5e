import { createAirlock, DEFAULT_RECOGNIZERS } from '@airlock/core';
import { ReferenceSanitizerEngine } from '@airlock/core/testing';
import { EU_RECOGNIZERS, euPii } from '@airlock/pii-eu';
import { INDIA_RECOGNIZERS, indiaPii } from '@airlock/pii-india';
import { US_RECOGNIZERS, usPii } from '@airlock/pii-us';
import { applyStrategy, resolveRedactionRule } from 'langchain';
import { SyncRedactor } from 'redact-pii';

/** Something that turns text into masked text. */
export interface Masker {
  name: string;
  mask(text: string): string;
}

/** Airlock with core's recognizers and every regional pack. */
export function airlockMasker(): Masker & {
  scan(text: string): { type: string; start: number; end: number }[];
} {
  const airlock = createAirlock({ plugins: [indiaPii(), euPii(), usPii()] });
  return {
    name: 'airlock (all packs)',
    mask: (text) => airlock.sanitizer.mask(text).value,
    scan: (text) => airlock.sanitizer.scan(text),
  };
}

/**
 * The same recognizers on the reference scanner (`@airlock/core/testing`): every pattern run over
 * the whole text, as before the scanner indexed candidates. It finds exactly what Airlock finds
 * (a test holds them equal), so it is the baseline the candidate index is measured against.
 */
export function airlockReferenceMasker(): Masker {
  const engine = new ReferenceSanitizerEngine({
    recognizers: [
      ...DEFAULT_RECOGNIZERS,
      ...INDIA_RECOGNIZERS,
      ...EU_RECOGNIZERS,
      ...US_RECOGNIZERS,
    ],
  });
  return { name: 'airlock reference scanner', mask: (text) => engine.mask(text).value };
}

/** `redact-pii` 3.4 with its default configuration. */
export function redactPiiMasker(): Masker {
  const redactor = new SyncRedactor();
  return { name: 'redact-pii', mask: (text) => redactor.redact(text) };
}

/**
 * LangChain v1's built-in PII detectors (email, credit_card, ip, mac_address, url), applied the way
 * its `piiMiddleware` applies them: one rule after another with the `redact` strategy.
 */
export function langchainMasker(): Masker {
  const rules = (['email', 'credit_card', 'ip', 'mac_address', 'url'] as const).map((piiType) =>
    resolveRedactionRule({ piiType, strategy: 'redact' }),
  );
  return {
    name: 'langchain piiMiddleware detectors',
    mask(text) {
      let out = text;
      for (const rule of rules) {
        const matches = rule.detector(out);
        if (matches.length > 0) out = applyStrategy(out, matches, rule.strategy, rule.piiType);
      }
      return out;
    },
  };
}
