import { createServer, type Server } from 'node:net';
import { createAirlock, ManualClock, z } from '@airlock/core';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../src/cli.js';
import { colorEnabled, palette } from '../src/colors.js';
import { guardsOf } from '../src/guards.js';
import { deskPolicy, exportWindow } from '../src/policy.js';
import { redisAnswers } from '../src/redis-ping.js';
import { correctedCall, retryAfterSeconds } from '../src/script.js';

describe('colour', () => {
  it('is on for a terminal, off for a pipe, off with NO_COLOR, forced with FORCE_COLOR', () => {
    expect(colorEnabled({ isTTY: true }, {})).toBe(true);
    expect(colorEnabled({ isTTY: false }, {})).toBe(false);
    expect(colorEnabled({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(colorEnabled({ isTTY: false }, { FORCE_COLOR: '1' })).toBe(true);
    expect(colorEnabled({ isTTY: true }, { NO_COLOR: '1', FORCE_COLOR: '1' })).toBe(false);
    expect(palette(true).red('x')).toBe('\u001b[31mx\u001b[39m');
    expect(palette(false).red('x')).toBe('x');
  });
});

describe('command line', () => {
  it('reads --serve, --port and PORT, and refuses what it does not know', () => {
    expect(parseArgs([], {})).toMatchObject({ serve: false, port: 0 });
    expect(parseArgs(['--serve', '--port', '8080'], {})).toMatchObject({ serve: true, port: 8080 });
    expect(parseArgs(['--serve'], { PORT: '3000' }).port).toBe(3000);
    expect(parseArgs(['--port=0'], { PORT: '3000' }).port).toBe(0);
    expect(() => parseArgs(['--port', 'x'], {})).toThrow(/--port must be a port number/);
    expect(() => parseArgs(['--bogus'], {})).toThrow(/unknown option --bogus/);
  });
});

describe('the scripted model reads Airlock errors', () => {
  it('takes the corrected call from the fix hints and the wait from the retry hint', () => {
    const text =
      'Error GHOST_ARGUMENTS calling t: ...\n- Corrected call: {"id":"c1"}\nYou may retry.';
    expect(correctedCall(text)).toEqual({ id: 'c1' });
    expect(correctedCall('Error TOOL_DENIED calling t: no')).toBeUndefined();
    expect(retryAfterSeconds('Retry after 29001 ms.')).toBe(30);
    expect(retryAfterSeconds('nothing')).toBeUndefined();
  });
});

describe('the export window', () => {
  it('is closed at every hour of the day, so the time-window scene always shows', async () => {
    const clock = new ManualClock();
    for (let hour = 0; hour < 24; hour++) {
      const at = new Date(Date.UTC(2026, 5, 10, hour, 30) - 5.5 * 3_600_000); // hour:30 in IST
      clock.set(at.getTime());
      const airlock = createAirlock({ policy: deskPolicy(at), clock, audit: false });
      const exportData = airlock.tool({
        name: 'export_customer_data',
        description: 'export',
        input: z.object({ customerId: z.string() }),
        run: () => 'exported',
      });
      const result = await exportData.call({ customerId: 'c' }, { roles: ['support'] });
      expect(result.ok, `${hour}:30 IST, window ${exportWindow(at)}`).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('OUTSIDE_TIME_WINDOW');
      await airlock.close();
    }
  });
});

describe('guards', () => {
  it('maps a record to the guards it fired', () => {
    const base = { time: '', callId: 'c', tool: 't', durationMs: 1, sanitizedCount: 0 };
    expect(
      guardsOf({ ...base, outcome: 'blocked', code: 'RATE_LIMITED', truncated: false }),
    ).toEqual(['rate_limit']);
    expect(
      guardsOf({
        ...base,
        outcome: 'allowed',
        truncated: true,
        findings: { aadhaar: 1, api_key: 1 },
      }),
    ).toEqual(['pii_masked', 'truncated']);
    expect(
      guardsOf({ ...base, outcome: 'allowed', truncated: false, findings: { api_key: 1 } }),
    ).toEqual([]);
  });
});

describe('redisAnswers', () => {
  const listen = (server: Server) =>
    new Promise<number>((resolve) =>
      server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
    );

  it('is true for a server that answers PING, false for a closed port or a bad URL', async () => {
    const fake = createServer((socket) => socket.on('data', () => socket.write('+PONG\r\n')));
    const port = await listen(fake);
    expect(await redisAnswers(`redis://127.0.0.1:${port}`)).toBe(true);
    await new Promise((r) => fake.close(r));
    expect(await redisAnswers(`redis://127.0.0.1:${port}`, 300)).toBe(false);
    expect(await redisAnswers('not a url')).toBe(false);
    expect(await redisAnswers('http://127.0.0.1:1')).toBe(false);
  });

  it('is false for a server that never answers (bounded by the timeout)', async () => {
    const silent = createServer(() => {});
    const port = await listen(silent);
    expect(await redisAnswers(`redis://127.0.0.1:${port}`, 200)).toBe(false);
    silent.close();
  });
});
