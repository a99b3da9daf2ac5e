import { connect } from 'node:net';

/**
 * Does a Redis server answer at `url`? One PING over a plain socket, bounded by `timeoutMs`, so
 * the demo can choose its backend before loading a Redis client at all.
 */
export function redisAnswers(url: string, timeoutMs = 500): Promise<boolean> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return Promise.resolve(false);
  }
  if (parsed.protocol !== 'redis:') return Promise.resolve(false);
  return new Promise((resolve) => {
    const socket = connect({
      host: parsed.hostname || '127.0.0.1',
      port: Number(parsed.port || 6379),
    });
    const done = (answer: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    // Any RESP reply means a Redis is there (`-NOAUTH` too: the backend will authenticate).
    socket.once('data', (data) => done(/^[+-]/.test(data.toString('latin1'))));
  });
}
