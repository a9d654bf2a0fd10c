import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The CLI as an operator runs it: a process started in the site's folder, which holds the .env files
// and the migrations (linked here from this checkout), with no settings in the environment.

const root = join(import.meta.dirname, '..');
let site: string;

beforeAll(() => {
  site = mkdtempSync(join(tmpdir(), 'quire-site-'));
  mkdirSync(join(site, 'db'));
  symlinkSync(join(root, 'db', 'migrations'), join(site, 'db', 'migrations'));
});
afterAll(() => rmSync(site, { recursive: true, force: true }));

function quire(...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '1', TSX_TSCONFIG_PATH: join(root, 'tsconfig.json') };
  // Vitest's NODE_ENV=test would make Next's loader skip .env.local; the operator has none of these set.
  for (const name of ['NODE_ENV', 'DATABASE_URL', 'QUIRE_DATA_DIR', 'UPLOADS_DIR']) delete env[name];
  const result = spawnSync(
    process.execPath,
    [
      '--conditions=react-server',
      '--import',
      pathToFileURL(join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href,
      join(root, 'scripts', 'quire.ts'),
      ...args,
    ],
    { cwd: site, encoding: 'utf8', env },
  );
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

// Each command starts a process: about a second with tsx, several when the whole suite shares the cores.
describe('npm run quire', { timeout: 120_000 }, () => {
  it('shows its usage and version and exits 0', () => {
    const help = quire('--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('Usage: npm run quire -- <command>');
    expect(help.out).toContain('restore <file> --yes');

    const commandHelp = quire('user', 'add', '--help');
    expect(commandHelp.code).toBe(0);
    expect(commandHelp.out).toContain('user add --email E --name N --role R');
    expect(commandHelp.out).not.toContain('restore <file>');

    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(quire('--version')).toEqual({ code: 0, out: `Quire ${version}\n` });
  });

  it('refuses bad arguments with a sentence and the usage, before any database exists', () => {
    for (const args of [['frobnicate'], ['user', 'add', '--email', 'not-an-email'], ['user', 'list', '--bogus'], []]) {
      const result = quire(...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.out).toMatch(/^Error: .+\n\nUsage: npm run quire -- /);
    }
    expect(existsSync(join(site, 'data'))).toBe(false);
  });

  it('does not make an empty database for a command that reads one', () => {
    const result = quire('user', 'list');
    expect(result.code).toBe(1);
    expect(result.out).toContain('There is no database at ./data/quire.db');
    expect(existsSync(join(site, 'data'))).toBe(false);
  });

  it('uses DATABASE_URL from .env.local, as the server does', () => {
    writeFileSync(join(site, '.env.local'), 'DATABASE_URL=file:./from-env-local/quire.db\n');
    try {
      const added = quire('user', 'add', '--email', 'admin@example.test', '--name', 'Admin', '--role', 'admin');
      expect(added.out).toContain('Created admin admin@example.test');
      expect(added.code).toBe(0);
      expect(existsSync(join(site, 'from-env-local', 'quire.db'))).toBe(true);
      expect(existsSync(join(site, 'data'))).toBe(false);
      expect(quire('user', 'list').out).toContain('admin@example.test');
    } finally {
      rmSync(join(site, '.env.local'));
    }
  });
});
