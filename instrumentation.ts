export async function register() {
  // Node runtime only: migrations and seeding use the filesystem and better-sqlite3.
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { startQuire } = await import('./lib/server/startup');
    await startQuire();
    // The viewer request, answered by scripts/front-door.mjs before Next (see there).
    const { openViewerDoor } = await import('./lib/server/viewer-door');
    openViewerDoor();
    // A signed-in reader's comment, the same way (lib/server/comment-door.ts).
    const { openCommentDoor } = await import('./lib/server/comment-door');
    openCommentDoor();
    // A query's first asking, the same way (lib/server/search-door.ts).
    const { openSearchDoor } = await import('./lib/server/search-door');
    openSearchDoor();
  }
}
