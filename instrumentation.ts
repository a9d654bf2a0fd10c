export async function register() {
  // Node runtime only: migrations and seeding use the filesystem and better-sqlite3.
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { startQuire } = await import('./lib/server/startup');
    await startQuire();
    // The viewer request, answered by scripts/front-door.mjs before Next (see there).
    const { openViewerDoor } = await import('./lib/server/viewer-door');
    openViewerDoor();
  }
}
