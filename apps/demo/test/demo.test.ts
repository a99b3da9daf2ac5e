import { beforeAll, describe, expect, it } from 'vitest';
import { runDemo } from './support.js';

/**
 * `pnpm demo` as a newcomer runs it: offline, no key. Every guard the README promises must show
 * in the transcript, by its code, and the run must exit 0.
 */
describe('pnpm demo (offline transcript)', () => {
  let out = '';
  let code: number | null = null;

  beforeAll(async () => {
    const run = await runDemo([], 60_000);
    out = run.stdout;
    code = run.code;
    if (code !== 0) console.error(run.stdout, run.stderr);
  }, 70_000);

  it('exits 0 with the scripted model, offline', () => {
    expect(code).toBe(0);
    expect(out).toContain('model      scripted (offline');
    expect(out).not.toContain('the scripted model stopped before the end');
  });

  it('says which backend, sandbox and observers it composed', () => {
    expect(out).toMatch(/backend {4}(Redis at redis:\/\/|in-memory \()/);
    expect(out).toContain('@airlock/sandbox-node');
    expect(out).toContain('@airlock/observer-prometheus');
  });

  it('blocks a ghost argument, then the corrected call succeeds', () => {
    expect(out).toMatch(
      /lookup_customer \{"customerId":"cust_1042","include_internal_notes":true\}\n {3}✖ GHOST_ARGUMENTS .*include_internal_notes/,
    );
    expect(out).toMatch(
      /Corrected call: \{"customerId":"cust_1042"\}\nsupport → lookup_customer \{"customerId":"cust_1042"\}\n {3}✔ allowed/,
    );
  });

  it('rejects a wrong type, then the corrected call succeeds', () => {
    expect(out).toMatch(
      /search_orders \{[^\n]*"limit":"50"\}\n {3}✖ VALIDATION_FAILED Argument 'limit' must be an integer/,
    );
    expect(out).toMatch(/support → search_orders \{[^\n]*"limit":50\}\n {3}✔ allowed/);
  });

  it('masks Aadhaar, PAN and the IBAN in output, and never prints them', () => {
    for (const masked of ['[REDACTED:AADHAAR]', '[REDACTED:PAN]', '[REDACTED:IBAN]'])
      expect(out).toContain(masked);
    for (const raw of [
      '4918 3027 5616',
      '491830275616',
      'BNZPS4821K',
      'DE89 3704',
      'DE89370400440532013000',
    ])
      expect(out).not.toContain(raw);
    expect(out).toMatch(/✔ allowed · .*masked .*aadhaar.*pan.*iban/);
  });

  it('checks roles, hands off, then rate limits with a retry hint', () => {
    expect(out).toMatch(
      /support → issue_refund .*\n {3}✖ ROLE_DENIED .*requires one of the roles 'billing'/,
    );
    expect(out).toContain('support ⇢ hands the conversation to billing');
    expect(out).toMatch(/billing → issue_refund .*\n {3}✔ allowed/);
    expect(out).toMatch(/✖ RATE_LIMITED [^\n]*\n(?: {5}- [^\n]*\n)* {5}Retry after \d+ ms\./);
  });

  it('enforces the time window and the deny list', () => {
    expect(out).toMatch(
      /✖ OUTSIDE_TIME_WINDOW The tool 'export_customer_data' may only run \d\d:\d\d-\d\d:\d\d Asia\/Kolkata/,
    );
    expect(out).toMatch(/✖ TOOL_DENIED The tool 'delete_customer' is not allowed/);
    expect(out).toContain('customer records: 1 (nothing was deleted)');
  });

  it('truncates the long order list and reports the tokens saved', () => {
    expect(out).toMatch(/✔ allowed · .*TRUNCATED \d+ → \d+ tokens \((\d+) tokens saved\)/);
  });

  it('stops sandboxed code at its time and memory limits', () => {
    expect(out).toMatch(/✖ SANDBOX_FAILED The code did not finish within 3000 ms/);
    expect(out).toMatch(/✖ SANDBOX_FAILED The code used more memory than allowed/);
    expect(out).toMatch(/run_code \{"code":"return args\.data\.reduce[^\n]*\n {3}✔ allowed/);
  });

  it('keeps a secret from leaving through the external email tool', () => {
    expect(out).toMatch(/✖ OUTPUT_BLOCKED 'send_email' .*'body' carries a secret \(api_key\)/);
    expect(out).toContain('outbox: 1 email sent; the key is in none of them');
  });

  it('contains the failing carrier, then opens the circuit', () => {
    expect(out).toMatch(/track_shipment \{"orderId":"ORD-7781"\}\n {3}✖ TOOL_FAILED/);
    expect(out).toMatch(
      /track_shipment \{"orderId":"ORD-7780"\}\n {3}✖ CIRCUIT_OPEN [^\n]*\n(?: {5}- [^\n]*\n)* {5}Retry after \d+ ms\./,
    );
    expect(out).toMatch(/carrier API requests: ORD-7781 ×3 .*ORD-7780 ×0/);
  });

  it('ends with a summary table in which every guard fired', () => {
    const table = out.slice(out.indexOf('Guards fired'));
    for (const code of [
      'GHOST_ARGUMENTS',
      'VALIDATION_FAILED',
      'TOOL_DENIED',
      'ROLE_DENIED',
      'OUTSIDE_TIME_WINDOW',
      'RATE_LIMITED',
      'OUTPUT_BLOCKED',
      'SANDBOX_FAILED',
      'TOOL_FAILED',
      'CIRCUIT_OPEN',
      'masked',
      'truncated',
    ]) {
      const row = new RegExp(`${code} +(\\d+)\\n`).exec(table);
      expect(row, code).not.toBeNull();
      expect(Number(row![1]), code).toBeGreaterThan(0);
    }
  });

  it('prints no colour codes when NO_COLOR is set', () => {
    expect(out).not.toContain('\u001b[');
  });
});
