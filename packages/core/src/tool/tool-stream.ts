import type { AirlockContext } from '../context.js';
import { type AirlockError, airlockError } from '../errors.js';
import type { CallState } from '../pipeline/call-state.js';
import { fail, isPromise } from '../pipeline/execute.js';
import {
  finishCall,
  PRE_EXECUTION_STAGES,
  runStages,
  settleReservations,
} from '../pipeline/run-call.js';
import { countByType, maskEnabled } from '../pipeline/sanitize.js';
import { outputLimits, reportTruncation } from '../pipeline/truncate.js';
import type { AirlockRuntime } from '../runtime.js';
import { StreamMasker } from '../sanitizer/stream-masker.js';
import type { StreamSummary, ToolRunContext, ToolStreamResult } from '../tool-definition.js';
import { closedError, newCallState } from './airlock-tool.js';
import type { CompiledTool } from './compiled-tool.js';

/**
 * Streams a tool whose `run` is an async generator. Every check runs before the first chunk;
 * each chunk is masked with a held-back tail (a value split across chunks is still caught),
 * truncation is cumulative, and the stream gets one audit record when it ends.
 */
export async function streamTool(
  runtime: AirlockRuntime,
  tool: CompiledTool,
  args: unknown,
  context: AirlockContext | undefined,
): Promise<ToolStreamResult> {
  const state = newCallState(runtime, tool, args, context);
  if (runtime.closed) return { ok: false, callId: state.callId, error: closedError(tool.name) };
  if (tool.definition.sandbox)
    return { ok: false, callId: state.callId, error: notStreamable(tool.name) };
  runtime.inflight.enter();
  if (runtime.observers.wants('onCallStart')) {
    runtime.observers.emit('onCallStart', {
      callId: state.callId,
      tool: tool.name,
      context: context ?? {},
      startedAt: state.startedAt,
    });
  }
  const pending = runStages(state, PRE_EXECUTION_STAGES);
  if (pending) await pending;
  if (state.error) {
    await settleReservations(state);
    finishCall(state, { streamed: true });
    runtime.inflight.leave();
    return { ok: false, callId: state.callId, error: state.error };
  }
  let resolveSummary!: (s: StreamSummary) => void;
  const result = new Promise<StreamSummary>((r) => {
    resolveSummary = r;
  });
  return { ok: true, callId: state.callId, chunks: chunks(state, resolveSummary), result };
}

/** A sandboxed tool's `run` must never run on the host, so it has no streaming form. */
function notStreamable(tool: string): AirlockError {
  return airlockError('TOOL_FAILED', tool, `'${tool}' runs in a sandbox and cannot be streamed.`, {
    fixHints: [`Call '${tool}' without streaming.`],
    details: { reason: 'not_streamable' },
  });
}

async function* chunks(state: CallState, done: (s: StreamSummary) => void): AsyncGenerator<string> {
  const { runtime, tool } = state;
  state.executed = true;
  const controller = new AbortController();
  const onShutdown = (): void => controller.abort(runtime.shutdown.signal.reason);
  runtime.shutdown.signal.addEventListener('abort', onShutdown, { once: true });
  const ctx: ToolRunContext = {
    ...state.context,
    callId: state.callId,
    tool: tool.name,
    signal: controller.signal,
  };
  const masker =
    maskEnabled(state) && !runtime.sanitizer.isEmpty
      ? new StreamMasker(runtime.sanitizer, state.context)
      : undefined;
  const limits = outputLimits(state);
  const deadline = runtime.clock.now() + (tool.definition.timeoutMs ?? runtime.timeoutMs);
  const cutter = new CumulativeCutter(limits, runtime.countTokens);
  let source: AsyncIterator<unknown> | undefined;
  let stopped = false;
  let completed = false;
  const limit = (piece: string): string => {
    const out = cutter.push(piece);
    if (cutter.truncated) {
      stopped = true;
      state.truncated = true;
    }
    return out;
  };

  try {
    const produced = tool.definition.run!(state.args as never, ctx) as unknown;
    source = toIterator(isPromise(produced) ? await produced : produced);
    while (!stopped) {
      const next = await withDeadline(source.next(), deadline - runtime.clock.now(), controller);
      if (next.done) break;
      const text = typeof next.value === 'string' ? next.value : (JSON.stringify(next.value) ?? '');
      const masked = masker ? masker.push(text) : { text, findings: [] };
      if ('pending' in masked && masked.pending) await masked.pending;
      for (const f of masked.findings) state.findings.push(f);
      const out = limit(masked.text);
      if (out) yield out;
    }
    if (masker && !stopped) {
      const tail = masker.end();
      if (tail.pending) await tail.pending;
      for (const f of tail.findings) state.findings.push(f);
      const out = limit(tail.text);
      if (out) yield out;
    }
    if (!stopped) {
      const rest = cutter.end();
      if (rest) yield rest;
    }
    completed = !stopped;
  } catch (error) {
    fail(state, error);
    // What the producer gave before it failed is still delivered, masked: nothing is lost.
    if (!stopped) {
      try {
        let out = '';
        if (masker) {
          const tail = masker.end();
          if (tail.pending) await tail.pending;
          for (const f of tail.findings) state.findings.push(f);
          out += limit(tail.text);
        }
        if (!stopped) out += cutter.end();
        if (out) yield out;
      } catch (flushError) {
        runtime.reportInternalError(flushError, 'stream');
      }
    }
  } finally {
    runtime.shutdown.signal.removeEventListener('abort', onShutdown);
    // Stopped by a limit, a failure, or a consumer that broke out early: stop the producer too.
    if (source && !completed) {
      try {
        await source.return?.();
      } catch {
        // The producer failed while being stopped: it is already finished for us.
      }
    }
    state.output = cutter.emitted;
    if (state.truncated) reportTruncation(state, cutter.seen, cutter.emitted);
    if (state.findings.length > 0 && runtime.observers.wants('onEvent')) {
      runtime.observers.emit('onEvent', {
        type: 'pii_detected',
        callId: state.callId,
        tool: tool.name,
        context: state.context,
        at: runtime.clock.now(),
        data: { types: countByType(state.findings), count: state.findings.length },
      });
    }
    await settleReservations(state);
    finishCall(state, { streamed: true });
    runtime.inflight.leave();
    done(
      state.error
        ? { ok: false, callId: state.callId, error: state.error }
        : { ok: true, callId: state.callId, findings: state.findings, truncated: state.truncated },
    );
  }
}

function toIterator(value: unknown): AsyncIterator<unknown> {
  if (value && typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
    return (value as AsyncIterable<unknown>)[Symbol.asyncIterator]();
  }
  if (
    value &&
    typeof value !== 'string' &&
    typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function'
  ) {
    const it = (value as Iterable<unknown>)[Symbol.iterator]();
    return { next: async () => it.next() };
  }
  // A plain value: one chunk.
  let sent = false;
  return {
    next: async () => {
      if (sent) return { done: true, value: undefined };
      sent = true;
      return { done: false, value };
    },
  };
}

async function withDeadline<T>(
  p: Promise<T>,
  remainingMs: number,
  controller: AbortController,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => {
        const error = Object.assign(new Error('stream timed out'), { name: 'ToolTimeoutError' });
        controller.abort(error);
        reject(error);
      },
      Math.max(0, remainingMs),
    );
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Cumulative truncation of a stream. It emits only a prefix that would still fit with a marker
 * after it, holding back the rest, so when the limit is crossed it can end with the marker and
 * the total never exceeds the limit. At the end of the stream the held text is released.
 */
class CumulativeCutter {
  seen = '';
  emitted = '';
  truncated = false;
  private readonly marker: string;

  constructor(
    private readonly limits: { maxChars: number | undefined; maxTokens: number | undefined },
    private readonly count: (text: string) => number,
  ) {
    this.marker = ['\n…[truncated]', '…', ''].find((m) => this.fits(m)) ?? '';
  }

  private fits(text: string): boolean {
    const { maxChars, maxTokens } = this.limits;
    if (maxChars !== undefined && text.length > maxChars) return false;
    if (maxTokens !== undefined && this.count(text) > maxTokens) return false;
    return true;
  }

  push(piece: string): string {
    if (this.truncated || piece.length === 0) return '';
    this.seen += piece;
    if (this.limits.maxChars === undefined && this.limits.maxTokens === undefined) {
      this.emitted += piece;
      return piece;
    }
    if (!this.fits(this.seen)) return this.cut();
    const out = this.seen.slice(this.emitted.length, this.safePrefix());
    this.emitted += out;
    return out;
  }

  /** The longest prefix of what was seen that still fits with the marker after it. */
  private safePrefix(): number {
    let lo = this.emitted.length;
    let hi = this.seen.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (this.fits(this.seen.slice(0, mid) + this.marker)) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The stream ended: release what was held back (it fits, or `push` would have cut). */
  end(): string {
    if (this.truncated) return '';
    const out = this.seen.slice(this.emitted.length);
    this.emitted += out;
    return out;
  }

  private cut(): string {
    this.truncated = true;
    const out = this.seen.slice(this.emitted.length, this.safePrefix()) + this.marker;
    this.emitted += out;
    return out;
  }
}
