import type { AirlockPlugin } from '../plugin.js';
import type { HealthReport } from '../sandbox/sandbox-provider.js';

/** The airlock's health: every plugin's report, and what readiness makes of them. */
export interface AirlockHealth {
  /** Ready and every check passing. */
  ok: boolean;
  /** Taking calls: not closing, and every `critical` check passing. */
  ready: boolean;
  /** `ok`, `degraded` (ready, but a non-critical check fails) or `unready`. */
  status: 'ok' | 'degraded' | 'unready';
  closing: boolean;
  inflight: number;
  checks: HealthReport[];
}

/**
 * Asks every plugin with `health()` at once. A check that throws or takes longer than
 * `timeoutMs` is reported failing (with the error's message only: no stack), never thrown.
 */
export async function collectHealth(
  plugins: readonly AirlockPlugin[],
  state: { closing: boolean; inflight: number },
  timeoutMs: number,
): Promise<AirlockHealth> {
  const checks = await Promise.all(
    plugins.filter((p) => typeof p.health === 'function').map((p) => checkOne(p, timeoutMs)),
  );
  const ready = !state.closing && checks.every((c) => c.ok || c.critical !== true);
  const ok = ready && checks.every((c) => c.ok);
  return {
    ok,
    ready,
    status: ok ? 'ok' : ready ? 'degraded' : 'unready',
    closing: state.closing,
    inflight: state.inflight,
    checks,
  };
}

/** Whether each plugin's last report was critical: a check that later throws or hangs keeps it. */
const lastCritical = new WeakMap<AirlockPlugin, boolean>();

async function checkOne(plugin: AirlockPlugin, timeoutMs: number): Promise<HealthReport> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`health check timed out after ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    const report = await Promise.race([plugin.health!(), timeout]);
    const valid = report !== null && typeof report === 'object' && typeof report.ok === 'boolean';
    if (!valid)
      return { name: plugin.name, ok: false, details: { error: 'health() returned no report' } };
    lastCritical.set(plugin, report.critical === true);
    return {
      ...report,
      name: report.name || plugin.name,
      latencyMs: report.latencyMs ?? round(performance.now() - started),
    };
  } catch (error) {
    return {
      name: plugin.name,
      ok: false,
      // A check that cannot answer is as critical as its last answer said it was.
      ...(lastCritical.get(plugin) ? { critical: true } : {}),
      latencyMs: round(performance.now() - started),
      details: { error: (error as Error)?.message ?? String(error) },
    };
  } finally {
    clearTimeout(timer);
  }
}

const round = (ms: number): number => Math.round(ms * 100) / 100;
