import type { MetadataRoute } from 'next';
import { absoluteUrl } from '@/lib/server/env';

// Rendered at build time: `npm start` rebuilds when SITE_URL differs from the one the build used.
export default function robots(): MetadataRoute.Robots {
  return {
    rules: [{ userAgent: '*', allow: '/', disallow: ['/api/', '/search'] }],
    sitemap: absoluteUrl('/sitemap.xml'),
  };
}
