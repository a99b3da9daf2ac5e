import { compare } from '../measure.js';
import { scoreMasker } from '../pii/corpus-eval.js';
import {
  airlockMasker,
  airlockReferenceMasker,
  langchainMasker,
  type Masker,
  redactPiiMasker,
} from '../pii/maskers.js';
import { denseToolOutput, sparseToolOutput } from '../pii/texts.js';
import type { Suite } from '../suite.js';

const mbps = (bytes: number, ns: number) => (bytes / ns) * 1000;

/**
 * Masking speed on 10 KB of tool output (sparse PII, then dense PII) with every Airlock pack,
 * side by side with the reference scanner (the same recognizers, every pattern over the whole
 * text: Airlock before its candidate index), `redact-pii` and LangChain v1's PII middleware
 * detectors on the same texts, and how many of the corpus' values each masks and how many hard
 * negatives each alters.
 *
 * Each masker is warmed up with 300 calls, in quick runs too: V8 optimises a function only after
 * it has run for a while, and Airlock's scanner (JavaScript loops, where the reference runs one
 * native regex per pattern) needs a few hundred calls to get there; 30 calls measured the JIT's
 * warm-up more than the masker.
 */
export const sanitizerSuite: Suite = {
  name: 'sanitizer',
  description:
    'PII masking: Airlock (all packs) vs its reference scanner, redact-pii and LangChain piiMiddleware detectors',
  async run({ quick }) {
    const maskers: Masker[] = [
      airlockMasker(),
      airlockReferenceMasker(),
      redactPiiMasker(),
      langchainMasker(),
    ];
    const rows: Record<string, unknown>[] = [];
    const speed: Record<string, Record<string, number>> = {};
    for (const [label, text] of [
      ['sparse', sparseToolOutput()],
      ['dense', denseToolOutput()],
    ] as const) {
      for (const m of maskers) m.mask(text); // warm and check they run
      const stats = await compare(
        maskers.map((m) => ({ label: m.name, fn: () => m.mask(text) })),
        { iterations: quick ? 300 : 3000, warmup: 300 },
      );
      for (const s of stats) {
        const rate = mbps(text.length, s.medianNs);
        speed[s.label] = { ...speed[s.label], [label]: rate };
        rows.push({
          input: `${label} ${(text.length / 1024).toFixed(1)} KB`,
          masker: s.label,
          medianUs: (s.medianNs / 1000).toFixed(1),
          p99Us: (s.p99Ns / 1000).toFixed(1),
          'MB/s': rate.toFixed(1),
        });
      }
    }
    const quality = maskers.map((m) => ({ masker: m.name, ...scoreMasker(m) }));
    for (const q of quality) {
      rows.push({
        input: 'corpus',
        masker: q.masker,
        'values masked': `${q.masked}/${q.values}`,
        'negatives altered': `${q.touched}/${q.negatives}`,
      });
    }
    const [air, ref, red, lc] = maskers.map((m) => speed[m.name]!);
    const a = quality[0]!;
    return {
      suite: 'sanitizer',
      chart: {
        title: 'Masking 10 KB of sparse tool output',
        unit: 'MB/s',
        better: 'higher',
        bars: maskers.map((m, i) => ({
          label: m.name,
          value: speed[m.name]!.sparse!,
          ours: i === 0,
        })),
      },
      summary:
        `airlock ${air!.sparse!.toFixed(0)} MB/s sparse, ${air!.dense!.toFixed(0)} MB/s dense ` +
        `(reference scanner ${ref!.sparse!.toFixed(1)}/${ref!.dense!.toFixed(1)}: ` +
        `${(air!.sparse! / ref!.sparse!).toFixed(1)}x/${(air!.dense! / ref!.dense!).toFixed(1)}x) ` +
        `(redact-pii ${red!.sparse!.toFixed(1)}/${red!.dense!.toFixed(1)}, langchain ${lc!.sparse!.toFixed(1)}/${lc!.dense!.toFixed(1)}); ` +
        `corpus values masked: ${quality.map((q) => `${q.masker} ${q.masked}/${q.values}`).join(', ')}; ` +
        `negatives altered: ${quality.map((q) => `${q.masker} ${q.touched}/${q.negatives}`).join(', ')}`,
      rows,
      targets: [
        {
          name: 'sparse 10 KB, all packs',
          target: '>= 100 MB/s',
          measured: `${air!.sparse!.toFixed(1)} MB/s`,
          met: air!.sparse! >= 100,
        },
        {
          name: 'corpus negatives altered',
          target: '0',
          measured: `${a.touched}/${a.negatives}`,
          met: a.touched === 0,
        },
      ],
    };
  },
};
