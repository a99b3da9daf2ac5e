import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsole, stop } from './support.js';

/** Debian's Chromium (`apt-get install chromium`; scripts/ci-prepare.sh installs it in CI). */
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * In CI (`.ci/run` sets CI=true and installs Chromium through scripts/ci-prepare.sh) a missing
 * browser fails the browser test. On a developer's machine without it, that one test is skipped
 * with a note, so `pnpm test` from the README still passes; everything else here still runs.
 */
const IN_CI = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';
const browserTest = IN_CI || existsSync(CHROMIUM) ? it : it.skip;
if (!IN_CI && !existsSync(CHROMIUM))
  console.warn(
    `${CHROMIUM} is missing: the browser test is skipped (bash scripts/ci-prepare.sh installs it)`,
  );

/**
 * `pnpm demo --serve` on an ephemeral port. The pause between runs is long, so after the first
 * run only the page's button starts another: a counter that moves after the click proves the
 * page, the button and the live feed all work.
 */
describe('pnpm demo --serve (web console)', () => {
  let child: ChildProcess;
  let url: string;
  let output: () => string;
  let browser: Browser | undefined;

  beforeAll(async () => {
    ({ child, url, output } = await startConsole(['--port', '0', '--interval', '600000']));
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    if (child) {
      const code = await stop(child);
      expect(code, output()).toBe(0);
      expect(output()).toContain('console stopped');
    }
  }, 30_000);

  it('answers /healthz with core health probes and /metrics with Prometheus text', async () => {
    const health = await fetch(`${url}healthz`);
    const body = (await health.json()) as { status: string; checks: { name: string }[] };
    // Before the first run has built its airlock the probe may say unready (503); then ready.
    expect([200, 503]).toContain(health.status);
    expect(['ok', 'degraded', 'unready']).toContain(body.status);

    await waitFor(async () => {
      const s = (await (await fetch(`${url}api/state`)).json()) as {
        runs: number;
        running: boolean;
      };
      return s.runs >= 1 && !s.running;
    }, 45_000);
    const ready = await fetch(`${url}healthz`);
    expect(ready.status).toBe(200);
    const readyBody = (await ready.json()) as { ready: boolean; checks: { name: string }[] };
    expect(readyBody.ready).toBe(true);
    expect(readyBody.checks.map((c) => c.name)).toContain('sandbox-node');

    const metrics = await fetch(`${url}metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    const text = await metrics.text();
    expect(text).toMatch(/^airlock_calls_total\{tool="lookup_customer",blocked="false"\} [1-9]/m);
    expect(text).toMatch(
      /^airlock_blocked_total\{tool="lookup_customer",code="GHOST_ARGUMENTS",outcome="blocked"\} [1-9]/m,
    );
    expect(text).toMatch(/^airlock_pii_detections_total\{type="aadhaar"\} [1-9]/m);

    expect((await fetch(`${url}nope`)).status).toBe(404);
  }, 60_000);

  browserTest(
    'shows the agent’s calls live in headless Chromium, and a run from the button moves the counters',
    async () => {
      expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: run scripts/ci-prepare.sh`).toBe(true);
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
      const page = await browser.newPage();
      await page.goto(url);

      // A call the agent made, allowed, with its masked output.
      const lookup = page
        .locator('#feed li[data-tool="lookup_customer"][data-outcome="allowed"]')
        .first();
      await lookup.waitFor({ timeout: 15_000 });
      expect(await lookup.locator('pre.output').textContent()).toContain('[REDACTED:AADHAAR]');
      // And one it blocked.
      const ghost = page
        .locator('#feed li[data-tool="lookup_customer"][data-outcome="blocked"]')
        .first();
      expect(await ghost.locator('.badge').textContent()).toBe('GHOST_ARGUMENTS');
      expect(await page.locator('body').textContent()).not.toContain('4918 3027 5616');

      // The button is enabled again once the first run has finished.
      await page.locator('#run:enabled').waitFor({ timeout: 45_000 });
      const counter = async (id: string) =>
        Number(await page.locator(`#count-${id}`).textContent());
      const calls = await counter('calls');
      const ghosts = await counter('ghost_arguments');
      expect(calls).toBeGreaterThan(0);
      expect(ghosts).toBeGreaterThan(0);

      await page.click('#run');
      await expect.poll(() => counter('calls'), { timeout: 15_000 }).toBeGreaterThan(calls);
      await expect
        .poll(() => counter('ghost_arguments'), { timeout: 15_000 })
        .toBeGreaterThan(ghosts);
      expect(await page.locator('#feed li[data-tool="lookup_customer"]').count()).toBeGreaterThan(
        2,
      );
    },
    60_000,
  );
});

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`condition not met in ${timeoutMs} ms`);
}
