// Types for browser.mjs, which plain Node scripts and the Playwright config both use.
export function findSystemChromium(): string | null;
export function findChromium(): Promise<string | null>;
export const chromiumArgs: string[];
