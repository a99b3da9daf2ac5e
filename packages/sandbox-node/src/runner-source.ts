/**
 * The program each sandbox process runs (`node -e RUNNER_SOURCE`, so no file has to be readable).
 *
 * Protocol, over pipes the host set up:
 * - fd 3 (results): the runner writes `READY\n` once loaded, then exactly one JSON line with the
 *   outcome: `{"ok":true,"result":…}` or `{"ok":false,"failure":…,"error":{name,message}}`,
 *   after closing stdout and stderr, so the host has all the output once it has the result.
 * - stdin: the host writes one JSON request `{code, args, context, env}` and closes it. Empty
 *   stdin means the host went away: the runner exits.
 * - stdout / stderr: whatever the code prints.
 *
 * The code runs as the body of an async function `(args, context, require, __name)`. `__name` is
 * the helper bundlers (esbuild's keepNames) insert into serialised functions.
 *
 * Before the code runs, the runner removes powers Node's permission model leaves in place and that
 * reach other processes of the same OS user: signals (`process.kill`), activating another
 * process's inspector (`process._debugProcess`, which would let the code take over the host over
 * the loopback network), process priorities (`os.setPriority`) and V8 flags.
 */
export const RUNNER_SOURCE = String.raw`'use strict';
const fs = require('node:fs');
const RESULTS = 3;
function denied(name) {
  return function () {
    const error = new Error(name + ' is not available in the sandbox');
    error.code = 'ERR_ACCESS_DENIED';
    throw error;
  };
}
function lock(target, key, name) {
  try {
    Object.defineProperty(target, key, { value: denied(name), writable: false, configurable: false, enumerable: false });
  } catch {}
}
lock(process, 'kill', 'process.kill');
lock(process, '_kill', 'process._kill');
lock(process, '_debugProcess', 'process._debugProcess');
lock(process, '_debugEnd', 'process._debugEnd');
lock(require('node:os'), 'setPriority', 'os.setPriority');
lock(require('node:v8'), 'setFlagsFromString', 'v8.setFlagsFromString');

let finished = false;
function describe(error) {
  const name = error && typeof error === 'object' && typeof error.name === 'string' ? error.name : 'Error';
  const message = error && typeof error === 'object' && 'message' in error ? String(error.message) : String(error);
  return { name: name.slice(0, 200), message: message.slice(0, 4000) };
}
function failureOf(error) {
  return error && typeof error === 'object' && (error.code === 'ERR_ACCESS_DENIED' || error.code === 'ERR_DLOPEN_DISABLED') ? 'permission' : 'error';
}
function finish(line, code) {
  if (finished) return;
  finished = true;
  // Drain stdout and stderr (pipes are asynchronous on some platforms), close them so the host
  // sees their end at once, then hand over the result: the host need not wait for the exit.
  process.stdout.write('', () =>
    process.stderr.write('', () => {
      try {
        fs.closeSync(1);
        fs.closeSync(2);
      } catch {}
      try {
        fs.writeSync(RESULTS, line + '\n');
      } catch {}
      process.exit(code);
    }),
  );
}
process.on('uncaughtException', (error) => finish(JSON.stringify({ ok: false, failure: failureOf(error), error: describe(error) }), 1));
process.on('unhandledRejection', (error) => finish(JSON.stringify({ ok: false, failure: failureOf(error), error: describe(error) }), 1));

const nameHelper = (target, value) => {
  try {
    Object.defineProperty(target, 'name', { value, configurable: true });
  } catch {}
  return target;
};
const AsyncFunction = (async () => {}).constructor;

async function run(input) {
  if (input.length === 0) process.exit(0);
  const request = JSON.parse(input);
  for (const [key, value] of Object.entries(request.env || {})) process.env[key] = String(value);
  let fn;
  try {
    fn = new AsyncFunction('args', 'context', 'require', '__name', request.code);
  } catch (error) {
    return finish(JSON.stringify({ ok: false, failure: 'error', error: describe(error) }), 1);
  }
  let value;
  try {
    value = await fn(request.args, request.context || {}, require, nameHelper);
  } catch (error) {
    return finish(JSON.stringify({ ok: false, failure: failureOf(error), error: describe(error) }), 1);
  }
  let json;
  try {
    json = value === undefined ? undefined : JSON.stringify(value);
  } catch (error) {
    return finish(JSON.stringify({ ok: false, failure: 'result', error: describe(error) }), 1);
  }
  finish(json === undefined ? '{"ok":true}' : '{"ok":true,"result":' + json + '}', 0);
}

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  input += chunk;
});
process.stdin.on('end', () => {
  run(input).catch((error) => finish(JSON.stringify({ ok: false, failure: 'error', error: describe(error) }), 1));
});
fs.writeSync(RESULTS, 'READY\n');
`;
