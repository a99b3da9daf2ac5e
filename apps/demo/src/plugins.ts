import { redisBackend } from '@airlock/backend-redis';
import type { AirlockPlugin } from '@airlock/core';
import { prometheusObserver } from '@airlock/observer-prometheus';
import { nodeSandbox } from '@airlock/sandbox-node';
import type { Registry } from 'prom-client';
import { redisAnswers } from './redis-ping.js';

/**
 * Plugins are composed at start-up from what is installed and reachable, the way a real service
 * would: Redis when `REDIS_URL` answers (else the in-memory stores), the local sandbox, the
 * regional PII packs that are installed, and the Prometheus observer.
 *
 * The regional packs are optional plugins: they are loaded with a dynamic `import()`, so the demo
 * runs (and says so) with any of them uninstalled. Core's own recognizers (email, phone, card,
 * IBAN, IP address and secrets) are always on.
 */

/**
 * Limits of model-written code. The time limit leaves room for a machine busy with other work
 * (a memory bomb must reach the memory cap before the clock runs out); the endless loop in the
 * demo waits for all of it.
 */
export const SANDBOX_LIMITS = { heapMb: 64, residentMb: 128, codeTimeoutMs: 3_000 } as const;

/** The regional packs the demo knows: package, factory export, and what it adds. */
const REGIONAL_PACKS = [
  { pkg: '@airlock/pii-india', factory: 'indiaPii', covers: 'aadhaar, pan, upi, ifsc, gstin, ...' },
  { pkg: '@airlock/pii-eu', factory: 'euPii', covers: 'eu_vat, uk_nino, national ids' },
  { pkg: '@airlock/pii-us', factory: 'usPii', covers: 'ssn, itin, us passport' },
] as const;

type PluginFactory = () => AirlockPlugin;

/** What was found at start-up; `composePlugins` builds a fresh plugin set from it per run. */
export interface Availability {
  backend: { kind: 'redis'; url: string } | { kind: 'memory'; why: string };
  packs: { pkg: string; covers: string; make: PluginFactory }[];
  missingPacks: string[];
}

/** Loads an optional package; `undefined` when it is not installed (any other error is real). */
async function optionalImport<T>(specifier: string): Promise<T | undefined> {
  try {
    return (await import(specifier)) as T;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (
      (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
      String((error as Error).message).includes(specifier)
    )
      return undefined;
    throw error;
  }
}

export async function detectAvailability(
  env: NodeJS.ProcessEnv = process.env,
): Promise<Availability> {
  let backend: Availability['backend'] = { kind: 'memory', why: 'REDIS_URL is not set' };
  if (env.REDIS_URL) {
    backend = (await redisAnswers(env.REDIS_URL))
      ? { kind: 'redis', url: env.REDIS_URL }
      : { kind: 'memory', why: `REDIS_URL (${env.REDIS_URL}) does not answer` };
  }
  const packs: Availability['packs'] = [];
  const missingPacks: string[] = [];
  for (const pack of REGIONAL_PACKS) {
    const module = await optionalImport<Record<string, unknown>>(pack.pkg);
    const make = module?.[pack.factory];
    if (typeof make === 'function')
      packs.push({ pkg: pack.pkg, covers: pack.covers, make: make as PluginFactory });
    else missingPacks.push(pack.pkg);
  }
  return { backend, packs, missingPacks };
}

/** A fresh set of plugins for one run (each run's airlock closes its own). */
export async function composePlugins(
  available: Availability,
  options: { registry: Registry; runId: string },
): Promise<AirlockPlugin[]> {
  const plugins: AirlockPlugin[] = [];
  if (available.backend.kind === 'redis') {
    // A key prefix of its own per run: runs never share rate limits, and the keys expire on
    // their own (Redis may be shared with others: the demo never deletes or flushes anything).
    const redis = redisBackend({
      url: available.backend.url,
      keyPrefix: `airlock-demo:${options.runId}:`,
    });
    // The client fails fast by design: connect before the first call.
    await redis.ready();
    plugins.push(redis);
  }
  // A runaway allocation in the model's code is stopped long before the host notices.
  plugins.push(
    nodeSandbox({
      poolSize: 2,
      memoryMb: SANDBOX_LIMITS.heapMb,
      maxRssMb: SANDBOX_LIMITS.residentMb,
    }),
  );
  for (const pack of available.packs) plugins.push(pack.make());
  // One registry for the process: every run's observer adds to the same counters.
  plugins.push(prometheusObserver({ registry: options.registry }));
  return plugins;
}

/** Lines for the banner: which backend, sandbox, PII coverage and observers are in use. */
export function describeAvailability(available: Availability): [string, string][] {
  const packs = available.packs.map((p) => `${p.pkg} (${p.covers})`);
  const missing = available.missingPacks.map((p) => `${p} not installed`);
  return [
    [
      'backend',
      available.backend.kind === 'redis'
        ? `Redis at ${available.backend.url} (@airlock/backend-redis)`
        : `in-memory (${available.backend.why})`,
    ],
    [
      'sandbox',
      `local Node child processes (@airlock/sandbox-node): ${SANDBOX_LIMITS.heapMb} MB heap, ${SANDBOX_LIMITS.residentMb} MB resident, ${SANDBOX_LIMITS.codeTimeoutMs / 1000} s`,
    ],
    ['PII', ['core (email, phone, card, IBAN, IP, secrets)', ...packs, ...missing].join('; ')],
    ['observers', 'Prometheus (@airlock/observer-prometheus), the demo recorder (audit sink)'],
  ];
}
