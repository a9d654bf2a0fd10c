import { defineConfig, devices } from '@playwright/test';

const port = process.env.E2E_PORT ?? '3100';
export const baseURL = `http://localhost:${port}`;

export default defineConfig({
  testDir: './e2e',
  fullyParallel: true,
  forbidOnly: true,
  retries: 0,
  workers: 2,
  // The JSON report (file from PLAYWRIGHT_JSON_OUTPUT_FILE) feeds the closing line of `npm test`.
  reporter: [['list'], ['json'], ...(process.env.CI ? [] : ([['html', { open: 'never' }]] as const))],
  use: {
    baseURL,
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
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
  webServer: {
    // A production server (`next build` runs first, in `npm test`) on a database made fresh for each run.
    command: 'node scripts/e2e-server.mjs',
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
