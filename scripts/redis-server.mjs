// Finds and starts a throwaway Redis server for the tests, the bench and the soak (Debian:
// `apt-get install redis-server`; .ci/run installs it). Nothing is saved to disk.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

const candidates = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'];

/** REDIS_SERVER_PATH or the system's redis-server, or null. */
export function findRedisServer() {
  return [process.env.REDIS_SERVER_PATH, ...candidates].find((candidate) => candidate && existsSync(candidate)) ?? null;
}

export const missingRedisServer =
  'No redis-server found for the tests. Install it, then run them again:\n' +
  '  Debian/Ubuntu:  sudo apt-get install -y redis-server\n' +
  '  or set REDIS_SERVER_PATH to a redis-server (or valkey-server) binary.';

/**
 * Starts redis-server on 127.0.0.1:`port` and resolves once it accepts connections, with its URL and
 * `stop()`. Rejects with the server's own words when it cannot start (the port is taken, say).
 */
export function startRedisServer({ port }) {
  const binary = findRedisServer();
  if (!binary) return Promise.reject(new Error(missingRedisServer));
  const child = spawn(
    binary,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk) => {
      output += chunk;
      if (!output.includes('Ready to accept connections')) return;
      child.stdout.off('data', onData);
      resolve({
        url: `redis://127.0.0.1:${port}`,
        stop: () =>
          new Promise((stopped) => {
            if (child.exitCode !== null) return stopped();
            child.once('exit', () => stopped());
            child.kill('SIGTERM');
          }),
      });
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', (chunk) => (output += chunk));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`redis-server stopped (${code}): ${output.trim().slice(-300)}`)));
  });
}
