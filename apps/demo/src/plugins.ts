import { redisBackend } from '@airlock/backend-redis';
import { type AirlockPlugin, createAirlock, type Recognizer } from '@airlock/core';
import { prometheusObserver } from '@airlock/observer-prometheus';
import { nodeSandbox } from '@airlock/sandbox-node';
import type { Registry } from 'prom-client';
import { nativeExternalSecrets } from './external-secrets-shim.js';
import { STAND_IN_TYPES, standInRecognizers } from './fallback-recognizers.js';
import { redisAnswers } from './redis-ping.js';
import { PARTNER_API_KEY } from './scenario.js';

/**
 * Plugins are composed at start-up from what is installed and reachable, the way a real service
 * would: Redis when `REDIS_URL` answers (else the in-memory stores), the local sandbox, the
 * regional PII packs that are installed, and the Prometheus observer.
 *
 * The regional packs are loaded with a dynamic `import()`, so the demo runs whether or not they
 * are installed. TO WIRE IN when `@airlock/pii-*` land on main: add them to apps/demo/package.json
 * `dependencies` (`workspace:*`); nothing else here needs to change.
 */

/** The regional packs the demo knows: package, factory export, and what it adds. */
const REGIONAL_PACKS = [
  { pkg: '@airlock/pii-india', factory: 'indiaPii', covers: 'aadhaar, pan, upi, ifsc, gstin, ...' },
  { pkg: '@airlock/pii-eu', factory: 'euPii', covers: 'eu_vat, uk_nino, national ids' },
  { pkg: '@airlock/pii-us', factory: 'usPii', covers: 'ssn, itin, us passport' },
] as const;

type PluginFactory = (options?: Record<string, unknown>) => AirlockPlugin;

/** What was found at start-up; `composePlugins` builds a fresh plugin set from it per run. */
export interface Availability {
  backend: { kind: 'redis'; url: string } | { kind: 'memory'; why: string };
  packs: { pkg: string; covers: string; make: PluginFactory }[];
  missingPacks: string[];
  /** Stand-in recognizers for types that neither core nor an installed pack covers. */
  standIns: Recognizer[];
  /** Whether core itself blocks secrets sent to `external` tools (else the demo's shim does). */
  nativeExternalSecrets: boolean;
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

  // Ask an airlock with core's defaults and the packs which types it already recognizes.
  const probe = createAirlock({ plugins: packs.map((p) => p.make()), audit: false });
  const covered = new Set(probe.sanitizer.types);
  await probe.close();
  const standIns = standInRecognizers(STAND_IN_TYPES.filter((t) => !covered.has(t)));

  return {
    backend,
    packs,
    missingPacks,
    standIns,
    nativeExternalSecrets: await nativeExternalSecrets(standIns, PARTNER_API_KEY),
  };
}

export interface Composition {
  plugins: AirlockPlugin[];
  recognizers: Recognizer[];
}

/** A fresh set of plugins for one run (each run's airlock closes its own). */
export async function composePlugins(
  available: Availability,
  options: { registry: Registry; runId: string },
): Promise<Composition> {
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
  // The model's code gets 64 MB of heap and 160 MB resident: a runaway allocation is stopped
  // long before the host notices.
  plugins.push(nodeSandbox({ poolSize: 1, memoryMb: 64, maxRssMb: 160 }));
  for (const pack of available.packs) plugins.push(pack.make());
  // One registry for the process: every run's observer adds to the same counters.
  plugins.push(prometheusObserver({ registry: options.registry }));
  return { plugins, recognizers: available.standIns };
}

/** Lines for the banner: which backend, sandbox, PII coverage and observers are in use. */
export function describeAvailability(available: Availability): [string, string][] {
  const lines: [string, string][] = [];
  lines.push([
    'backend',
    available.backend.kind === 'redis'
      ? `Redis at ${available.backend.url} (@airlock/backend-redis)`
      : `in-memory (${available.backend.why})`,
  ]);
  lines.push([
    'sandbox',
    'local Node child processes (@airlock/sandbox-node): 64 MB heap, 160 MB resident, 1 s',
  ]);
  const packs = available.packs.map((p) => `${p.pkg} (${p.covers})`);
  lines.push(['PII packs', packs.length > 0 ? packs.join('; ') : 'none installed']);
  if (available.standIns.length > 0) {
    lines.push([
      'stand-ins',
      `${available.standIns.map((r) => r.type).join(', ')} (demo recognizers until core's and the packs' land)`,
    ]);
  }
  lines.push([
    'secrets',
    available.nativeExternalSecrets
      ? 'core blocks secrets sent to external tools'
      : "the demo's stand-in blocks secrets sent to external tools",
  ]);
  lines.push([
    'observers',
    'Prometheus (@airlock/observer-prometheus), the demo recorder (audit sink)',
  ]);
  return lines;
}
