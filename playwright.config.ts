import { defineConfig, devices } from '@playwright/test';

// Two servers, each on a database of its own: the reader tests check the demo blog as seeded
// (counts, order, newest post), while the writer tests publish, schedule and trash posts.
const readersPort = 3100;
const writersPort = 3110;
const writerSpecs = ['**/authoring.spec.ts', '**/dashboard.spec.ts', '**/moderation.spec.ts'];

export default defineConfig({
  testDir: './e2e',
  fullyParallel: true,
  forbidOnly: true,
  retries: 0,
  workers: 2,
  // The JSON report (file from PLAYWRIGHT_JSON_OUTPUT_FILE) feeds the closing line of `npm test`.
  reporter: [['list'], ['json'], ...(process.env.CI ? [] : ([['html', { open: 'never' }]] as const))],
  use: {
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || undefined,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [
    {
      name: 'chromium',
      testIgnore: writerSpecs,
      use: { ...devices['Desktop Chrome'], baseURL: `http://localhost:${readersPort}` },
    },
    {
      name: 'chromium-writers',
      testMatch: writerSpecs,
      use: { ...devices['Desktop Chrome'], baseURL: `http://localhost:${writersPort}` },
    },
  ],
  // Production servers (`next build` runs first, in `npm test`) on databases made fresh for each run.
  webServer: [readersPort, writersPort].map((port) => ({
    command: 'node scripts/e2e-server.mjs',
    env: { E2E_PORT: String(port) },
    url: `http://localhost:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe' as const,
    stderr: 'pipe' as const,
  })),
});
