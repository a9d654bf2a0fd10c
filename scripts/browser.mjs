// Finds a Chromium for the browser tests: CHROMIUM_PATH, then Debian's headless shell, then Debian's
// full Chromium, then Playwright's own download. Returns null when there is none.
import { existsSync } from 'node:fs';

// The headless shell (Debian: chromium-headless-shell, Playwright's own default for headless runs)
// draws no browser window at all: a moderation test that took 41 s in the full browser takes 14 s in
// it on two cores, so it comes first. The binary itself, not /usr/bin's shell wrapper, so Playwright's
// kill reaches the browser.
const candidates = ['/usr/lib/chromium/chromium-headless-shell', '/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** CHROMIUM_PATH or the system's Chromium (Debian, Ubuntu), or null. */
export function findSystemChromium() {
  return [process.env.CHROMIUM_PATH, ...candidates].find((candidate) => candidate && existsSync(candidate)) ?? null;
}

export async function findChromium() {
  const system = findSystemChromium();
  if (system) return system;
  try {
    const { chromium } = await import('@playwright/test');
    const bundled = chromium.executablePath();
    if (bundled && existsSync(bundled)) return bundled;
  } catch {
    // Playwright's own browser is not installed.
  }
  return null;
}

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
