import { join } from 'node:path';
import type { NextConfig } from 'next';
import { cacheBytes } from './lib/server/cache-size.mjs';
import { securityHeaders } from './lib/server/security-headers';

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // `.next/standalone`: the build with only the files it runs on, which scripts/finish-build.mjs
  // completes with Quire's server; the Docker image is that folder. scripts/server.mjs runs on the
  // build's own copy of these settings (as Next's standalone server does) in either place.
  output: 'standalone',
  // Next hashes every response body for its ETag; on a cached 180 KB post page that hash cost a third
  // of the throughput (503 → 770 req/s measured here). Pages are revalidated by tags, not by ETag.
  generateEtags: false,
  experimental: {
    // `'use cache'` with cacheTag/updateTag for data, while pages stay plain ISR: rendered on first
    // request, served from cache to everyone, re-rendered after a write invalidates a tag.
    // Next 16.4 calls this flag deprecated and prints so at start, but the replacement it names,
    // `cacheComponents: true`, makes every page dynamic unless cached piece by piece and rejects the
    // `dynamic` route segment configs used here: a migration of its own, not a rename.
    useCache: true,
    // Keep rendered pages in memory only: after a restart (or a database swapped under the server)
    // every page is rendered from the database again, never from a stale copy on disk.
    isrFlushToDisk: false,
    // forbidden(): a signed-in reader opening the dashboard gets a real 403 page.
    authInterrupts: true,
    // An autosave carries the whole post (up to 200,000 characters, several bytes each).
    serverActions: { bodySizeLimit: '2mb' },
  },
  // Rendered pages are kept by lib/server/page-cache-handler.mjs: Next's own page cache dates them with a
  // clock its tag checks do not use, and from after their render, so after some uptime a write's
  // updateTag() could leave visitors an old page (see that file). Loaded at start, from the project folder.
  cacheHandler: join(process.cwd(), 'lib', 'server', 'page-cache-handler.mjs'),
  // Memory for rendered pages, and as much again for `'use cache'` data; past it the least recently
  // used are dropped and rendered again when asked for. Next's default is 50 MB.
  cacheMaxMemorySize: cacheBytes(process.env.PAGE_CACHE_MB),
  // `'use cache'` data is kept by Next's own handler, wrapped by lib/server/data-cache-handler.mjs so that
  // an updateTag() waits for the fills already running: Next hands a running fill to every render that
  // asks for it meanwhile, so one begun before a write could otherwise reach the next visitor.
  cacheHandlers: { default: join(process.cwd(), 'lib', 'server', 'data-cache-handler.mjs') },
  serverExternalPackages: ['better-sqlite3', '@node-rs/argon2', 'sharp'],
  // Written into the build, so they cost nothing per request and leave cached pages cached. SITE_URL
  // decides https-only headers; `npm start` rebuilds when it changes. The sign-in page's policy is
  // replaced at run time by proxy.ts (its forms go on to the configured sign-in providers).
  async headers() {
    const https = (process.env.SITE_URL ?? '').startsWith('https://');
    const development = process.env.NODE_ENV === 'development';
    return [{ source: '/:path*', headers: securityHeaders({ https, development }) }];
  },
  async redirects() {
    return [
      { source: '/page/1', destination: '/', permanent: true },
      { source: '/labels/:label/page/1', destination: '/labels/:label', permanent: true },
      { source: '/authors/:handle/page/1', destination: '/authors/:handle', permanent: true },
      { source: '/posts/:slug/comments/1', destination: '/posts/:slug', permanent: true },
      { source: '/label-index/all', destination: '/labels', permanent: true },
    ];
  },
  async rewrites() {
    return {
      // The home page is served by /page/[page] so it is rendered from the live database, not at build time.
      beforeFiles: [
        { source: '/', destination: '/page/1' },
        // The feeds likewise: generated on first request and cached (app/feeds/[format]/route.ts).
        { source: '/feed.xml', destination: '/feeds/rss' },
        { source: '/atom.xml', destination: '/feeds/atom' },
        { source: '/comments/feed.xml', destination: '/feeds/comments' },
        // The labels index likewise (app/label-index/[view]: /labels/[label] holds the path below it).
        { source: '/labels', destination: '/label-index/all' },
      ],
    };
  },
};

export default nextConfig;
