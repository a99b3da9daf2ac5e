import type { RunItem } from '@openai/agents';
import type { Palette } from './colors.js';
import { GUARDS } from './guards.js';
import type { CallRecord, CallRecorder } from './recorder.js';
import type { SceneOutcome } from './run.js';
import type { Scene } from './scenario.js';
import { outputText } from './script.js';

/**
 * Prints the run as a transcript: what the user asked, each call the model made (as it sent
 * it), what Airlock did with it (which guard fired, what was masked or cut) and what the model
 * then saw and said. Ends with a table of the guards that fired.
 */
export class TranscriptPrinter {
  constructor(
    private readonly c: Palette,
    private readonly recorder: CallRecorder,
    private readonly write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  ) {}

  banner(title: string, facts: [string, string][]): void {
    const { c } = this;
    this.write(c.bold(title));
    for (const [k, v] of facts) this.write(`  ${c.dim(k.padEnd(10))} ${v}`);
  }

  scene(scene: Scene, index: number): void {
    const { c } = this;
    const heading = ` ${index + 1}. ${scene.title} `;
    this.write('');
    this.write(c.bold(c.blue(`━━${heading}${'━'.repeat(Math.max(4, 76 - heading.length))}`)));
    this.write(c.dim(`   shows: ${scene.shows}`));
    this.write(`${c.magenta('user')} ${c.dim('▸')} ${scene.user}`);
  }

  sceneEnd(outcome: SceneOutcome, afterward?: string): void {
    for (const item of outcome.items) this.item(item);
    if (afterward) this.write(this.c.dim(`   ⌁ ${afterward}`));
    if (outcome.error !== undefined)
      this.write(
        this.c.red(
          `   the run failed: ${(outcome.error as Error)?.message ?? String(outcome.error)}`,
        ),
      );
    if (!outcome.scriptComplete)
      this.write(this.c.red('   the scripted model stopped before the end of its script'));
  }

  private item(item: RunItem): void {
    const { c } = this;
    const raw = item.rawItem as {
      name?: string;
      arguments?: string;
      output?: unknown;
      content?: unknown;
    };
    const agent = c.cyan(('agent' in item ? item.agent?.name : undefined) ?? '?');
    switch (item.type) {
      case 'tool_call_item':
        this.write(
          `${agent} ${c.dim('→')} ${c.bold(raw.name ?? '?')} ${c.dim(shorten(raw.arguments ?? '', 220))}`,
        );
        break;
      case 'tool_call_output_item':
        this.result(raw.name ?? '?', outputText(raw.output));
        break;
      case 'handoff_call_item':
        this.write(
          `${agent} ${c.dim('⇢')} hands the conversation to ${c.cyan(String(raw.name).replace(/^transfer_to_/, ''))}`,
        );
        break;
      case 'message_output_item':
        this.write(`${agent} ${c.dim('▸')} ${messageText(raw.content)}`);
        break;
      default:
        break;
    }
  }

  /** One tool result, joined with Airlock's record of the call. */
  private result(tool: string, seen: string): void {
    const { c } = this;
    const record = this.recorder.claim(tool);
    if (!record) {
      this.write(`   ${c.dim('(no Airlock record)')} ${shorten(seen, 200)}`);
      return;
    }
    if (record.outcome === 'allowed') {
      const notes = [`${record.durationMs.toFixed(record.durationMs < 10 ? 1 : 0)} ms`];
      const findings = Object.entries(record.findings ?? {});
      if (findings.length > 0)
        notes.push(
          c.yellow(`masked ${findings.map(([t, n]) => (n > 1 ? `${t}×${n}` : t)).join(', ')}`),
        );
      if (record.truncation)
        notes.push(
          c.yellow(
            `TRUNCATED ${record.truncation.originalTokens} → ${record.truncation.keptTokens} tokens (${record.truncation.savedTokens} tokens saved)`,
          ),
        );
      this.write(`   ${c.green('✔ allowed')} ${c.dim('·')} ${notes.join(c.dim(' · '))}`);
      // A cut answer: show its start and its end, where the marker says how much was cut.
      const shown = record.truncation
        ? `${shorten(seen, 160)} ${c.dim('…')} ${tail(seen, 90)}`
        : shorten(seen, 420);
      this.write(`   ${c.dim('model sees:')} ${shown}`);
      return;
    }
    const lines = seen.split('\n');
    const head = lines[0]?.replace(/^Error \w+ calling [\w-]+: /, '') ?? '';
    this.write(`   ${c.red(`✖ ${record.code}`)} ${head}`);
    for (const line of lines.slice(1)) {
      if (/^Retry after \d+ ms\.$/.test(line)) this.write(`     ${c.yellow(line)}`);
      else if (line.startsWith('- ')) this.write(`     ${c.dim(line)}`);
    }
  }

  /** The closing table: each guard, how often it fired, and the code the model saw. */
  summary(records: CallRecord[]): void {
    const { c } = this;
    this.write('');
    this.write(c.bold('Guards fired'));
    this.write(c.dim(`  ${'guard'.padEnd(28)}${'code / effect'.padEnd(22)}times`));
    for (const guard of GUARDS) {
      const n = records.filter((r) => r.guards.includes(guard.id)).length;
      if (n === 0 && guard.id === 'budget') continue;
      const code = guard.code ?? (guard.id === 'truncated' ? 'truncated' : 'masked');
      const line = `  ${guard.label.padEnd(28)}${code.padEnd(22)}${String(n).padStart(5)}`;
      this.write(n > 0 ? line : c.dim(line));
    }
    const allowed = records.filter((r) => r.outcome === 'allowed').length;
    const saved = records.reduce((s, r) => s + (r.truncation?.savedTokens ?? 0), 0);
    const types = new Set(records.flatMap((r) => Object.keys(r.findings ?? {})));
    this.write(
      `  ${c.bold(String(records.length))} calls: ${c.green(`${allowed} allowed`)}, ${c.red(`${records.length - allowed} blocked or failed`)}; ${saved} tokens saved by truncation; masked types: ${[...types].join(', ') || 'none'}`,
    );
  }
}

function messageText(content: unknown): string {
  if (!Array.isArray(content)) return String(content ?? '');
  return content
    .map((part) => (part && typeof part === 'object' && 'text' in part ? String(part.text) : ''))
    .join('');
}

function tail(text: string, max: number): string {
  const flat = text.replace(/\s*\n\s*/g, ' ');
  return flat.length <= max ? flat : `…${flat.slice(flat.length - max + 1)}`;
}

function shorten(text: string, max: number): string {
  const flat = text.replace(/\s*\n\s*/g, ' ');
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
