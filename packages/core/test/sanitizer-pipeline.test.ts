import { describe, expect, it } from 'vitest';
import {
  type AuditRecord,
  createAirlock,
  MemoryStateStore,
  type StateStore,
  z,
} from '../src/index.js';

const EMAIL = 'ann.lee@example.com';
const CARD = '4111 1111 1111 1111';
const JWT =
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
const KEY = `-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA${'Qk'.repeat(40)}\n${'Zm9v'.repeat(16)}==\n-----END RSA PRIVATE KEY-----`;
const VALUES = [EMAIL, CARD, JWT, KEY];

function auditedAirlock(extra: Parameters<typeof createAirlock>[0] = {}) {
  const records: AuditRecord[] = [];
  const airlock = createAirlock({ ...extra, audit: { sink: { write: (r) => records.push(r) } } });
  return { airlock, records };
}

describe('a value masked in a string is masked everywhere', () => {
  it('in plain output, nested JSON output and the audit previews (args and output)', async () => {
    const { airlock, records } = auditedAirlock();
    const echo = airlock.tool({
      name: 'echo',
      description: 'echo',
      input: z.object({ note: z.string() }),
      run: ({ note }) => ({ plain: note, nested: { list: [{ deep: note }] } }),
    });
    for (const value of VALUES) {
      const r = await echo.call({ note: `see ${value} now` });
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      const out = JSON.stringify(r.output);
      expect(out).not.toContain(JSON.stringify(value).slice(1, -1));
      expect(r.output.plain).toMatch(/^see \[REDACTED:[A-Z_]+\] now$/);
      expect(r.output.nested.list[0]!.deep).toBe(r.output.plain);
      const line = JSON.stringify(records.at(-1));
      expect(line).not.toContain(JSON.stringify(value).slice(1, -1));
      expect(records.at(-1)!.argsPreview).toContain('[REDACTED:');
    }
  });

  it('when split across two stream chunks, at every split point', async () => {
    const { airlock, records } = auditedAirlock();
    let chunks: string[] = [];
    const streamer = airlock.tool({
      name: 'streamer',
      description: 'streams',
      input: z.object({}),
      run: async function* () {
        for (const c of chunks) yield c;
      },
    });
    for (const value of VALUES) {
      const text = `before ${value} after`;
      const cuts = [
        ...new Set([7, 8, 7 + Math.floor(value.length / 2), 6 + value.length, 7 + value.length]),
      ];
      for (const cut of cuts) {
        chunks = [text.slice(0, cut), text.slice(cut)];
        const s = await streamer.stream({});
        if (!s.ok) throw new Error('blocked');
        let out = '';
        for await (const piece of s.chunks) out += piece;
        expect(out).toMatch(/^before \[REDACTED:[A-Z_]+\] after$/);
        const summary = await s.result;
        expect(summary.ok && summary.findings.length).toBe(1);
        expect(JSON.stringify(records.at(-1))).not.toContain(value.slice(0, 12));
      }
    }
  });
});

describe('tokenize', () => {
  function setup(store: StateStore = new MemoryStateStore()) {
    const airlock = createAirlock({
      stateStore: store,
      output: { strategies: { email: 'tokenize' }, tokenTtlMs: 60_000 },
    });
    const received: string[] = [];
    const lookup = airlock.tool({
      name: 'lookup',
      description: 'find a customer',
      input: z.object({ id: z.number() }),
      run: ({ id }) => ({ id, email: EMAIL }),
    });
    const send = airlock.tool({
      name: 'send_mail',
      description: 'send mail',
      input: z.object({ to: z.string(), body: z.string() }),
      acceptsTokens: true,
      run: ({ to }) => {
        received.push(to);
        return 'sent';
      },
    });
    const log = airlock.tool({
      name: 'log',
      description: 'log a line',
      input: z.object({ line: z.string() }),
      run: ({ line }) => {
        received.push(line);
        return 'ok';
      },
    });
    return { airlock, lookup, send, log, received, store };
  }

  it('the model sees a token; a tool marked acceptsTokens gets the real value, others the token', async () => {
    const { lookup, send, log, received } = setup();
    const r = await lookup.call({ id: 1 }, { workspaceId: 'w1' });
    if (!r.ok) throw new Error('blocked');
    const token = r.output.email;
    expect(token).toMatch(/^\[EMAIL:tok_[0-9a-f]{20}\]$/);
    expect((await lookup.call({ id: 2 }, { workspaceId: 'w1' })).ok && token).toBe(token); // stable
    expect(await send.call({ to: token, body: 'hi' }, { workspaceId: 'w1' })).toMatchObject({
      ok: true,
    });
    expect(await log.call({ line: `mail ${token}` }, { workspaceId: 'w1' })).toMatchObject({
      ok: true,
    });
    expect(received).toEqual([EMAIL, `mail ${token}`]);
  });

  it('a token from another workspace, or an expired one, is refused without revealing anything', async () => {
    const { lookup, send, store } = setup();
    const r = await lookup.call({ id: 1 }, { workspaceId: 'w1' });
    if (!r.ok) throw new Error('blocked');
    const other = await send.call({ to: r.output.email, body: 'x' }, { workspaceId: 'w2' });
    expect(other).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED', details: { reason: 'token_unknown' } },
    });
    await store.reset?.();
    const expired = await send.call({ to: r.output.email, body: 'x' }, { workspaceId: 'w1' });
    expect(expired.ok).toBe(false);
    expect(JSON.stringify(expired)).not.toContain(EMAIL);
  });
});

describe('secrets in arguments of an external tool', () => {
  const make = (secretsToExternalTools?: 'block' | 'allow') => {
    const airlock = createAirlock({
      output: secretsToExternalTools ? { secretsToExternalTools } : {},
    });
    let ran = 0;
    const post = airlock.tool({
      name: 'post_webhook',
      description: 'posts to a third party',
      input: z.object({ url: z.string(), payload: z.object({ text: z.string() }) }),
      external: true,
      run: () => {
        ran++;
        return 'posted';
      },
    });
    return { post, ran: () => ran };
  };
  const secret = 'sk-proj-abcDEF123456ghiJKL789012mnoPQR345678';

  it('is blocked with OUTPUT_BLOCKED, naming the argument, never the value', async () => {
    const { post, ran } = make();
    const r = await post.call({
      url: 'https://hooks.example.com',
      payload: { text: `key ${secret}` },
    });
    expect(r).toMatchObject({
      ok: false,
      error: {
        code: 'OUTPUT_BLOCKED',
        details: { reason: 'secret_in_arguments', types: ['api_key'] },
      },
    });
    expect(JSON.stringify(r)).not.toContain(secret);
    expect(!r.ok && r.error.message).toContain("'payload.text'");
    expect(ran()).toBe(0);
    expect(
      await post.call({ url: 'https://hooks.example.com', payload: { text: 'hello' } }),
    ).toMatchObject({ ok: true });
  });
  it("passes with secretsToExternalTools: 'allow'", async () => {
    const { post, ran } = make('allow');
    expect(await post.call({ url: 'https://x.example', payload: { text: secret } })).toMatchObject({
      ok: true,
    });
    expect(ran()).toBe(1);
  });
});
