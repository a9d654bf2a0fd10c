// Starts the production build for the browser tests on a database made fresh for this run.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const dataDir = join(root, 'e2e', '.data');
rmSync(dataDir, { recursive: true, force: true });

const port = process.env.E2E_PORT ?? '3100';
const server = spawn(
  process.execPath,
  [join(root, 'node_modules', 'next', 'dist', 'bin', 'next'), 'start', '--port', port, '--hostname', '127.0.0.1'],
  {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: '1',
      DATABASE_URL: `file:${join(dataDir, 'quire.db')}`,
      SITE_URL: `http://localhost:${port}`,
      SEED_DEMO: '1',
    },
  },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
