import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';

// `npm run test:e2e` runs Playwright directly, without `npm test` finding the browser first: the
// config itself must pick the system's Chromium, and E2E_PORT must move every test server.
async function loadConfig(env: Record<string, string | undefined>) {
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  vi.resetModules();
  return (await import('../playwright.config')).default;
}

describe('playwright.config', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('uses CHROMIUM_PATH when it names a browser', async () => {
    const config = await loadConfig({ CHROMIUM_PATH: process.execPath });
    expect(config.use?.launchOptions?.executablePath).toBe(process.execPath);
  });

  // Only where Debian's Chromium is installed (CI installs it; elsewhere there is nothing to find).
  it.runIf(existsSync('/usr/bin/chromium'))(
    'finds the system Chromium without CHROMIUM_PATH, its headless shell first',
    async () => {
      const config = await loadConfig({ CHROMIUM_PATH: undefined });
      const shell = '/usr/lib/chromium/chromium-headless-shell';
      expect(config.use?.launchOptions?.executablePath).toBe(existsSync(shell) ? shell : '/usr/bin/chromium');
    },
  );

  it('moves all three test servers with E2E_PORT', async () => {
    const config = await loadConfig({ E2E_PORT: '4200' });
    const servers = Array.isArray(config.webServer) ? config.webServer : [config.webServer];
    expect(servers.map((server) => server?.url)).toEqual([
      'http://localhost:4200/api/health',
      'http://localhost:4210/api/health',
      'http://localhost:4220/api/health',
    ]);
    expect(config.projects?.map((project) => project.use?.baseURL)).toEqual([
      'http://localhost:4200',
      'http://localhost:4210',
      'http://localhost:4220',
      'http://localhost:4220',
      'http://localhost:4230',
    ]);
  });

  it("puts the writer tests on the tests' PostgreSQL and the others on SQLite; E2E_POSTGRES_URL puts all three there, with Redis", async () => {
    const postgres = 'postgres://postgres@127.0.0.1:5999/postgres';
    const split = await loadConfig({ TEST_POSTGRES_URL: postgres, E2E_POSTGRES_URL: undefined, E2E_PORT: undefined });
    const servers = (config: typeof split) => (Array.isArray(config.webServer) ? config.webServer : []);
    expect(servers(split).map((server) => server.env?.E2E_POSTGRES_URL)).toEqual(['', postgres, '']);
    // npm test finds a redis-server before it runs anything.
    expect(servers(split).map((server) => server.env?.E2E_REDIS)).toEqual(['', '1', '']);
    const byName = Object.fromEntries(split.projects!.map((project) => [project.name, project.metadata?.postgresUrl]));
    expect(byName).toMatchObject({
      chromium: '',
      'chromium-writers': postgres,
      'chromium-import': '',
      'chromium-xss': '',
    });

    const all = await loadConfig({ TEST_POSTGRES_URL: postgres, E2E_POSTGRES_URL: postgres });
    expect(servers(all).map((server) => server.env?.E2E_POSTGRES_URL)).toEqual([postgres, postgres, postgres]);
    expect(servers(all).map((server) => server.env?.E2E_REDIS)).toEqual(['1', '1', '1']);
  });
});
