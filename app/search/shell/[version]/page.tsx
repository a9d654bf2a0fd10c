import type { Metadata } from 'next';
import { SearchBody } from '@/components/search-body';
import { pageMetadata } from '@/lib/server/metadata';
import { SEARCH_BODY_MARKER } from '@/lib/services/search-html';

// The search page with an empty body: header, footer, styles and the header's scripts, rendered on
// first request (not at build, which has no database) and cached like any public page, re-rendered
// when the site's settings change. app/search/answer puts a query's results at the marker, so a
// search asked once costs the query and a string copy, not a page render. `version` is only there to
// keep the page out of the build; lib/server/search-shell.ts asks for /search/shell/1.
export const dynamicParams = true;
export async function generateStaticParams() {
  return [];
}

export const metadata: Metadata = {
  ...pageMetadata({ title: 'Search', description: 'Search every post.', path: '/search' }),
  robots: { index: false, follow: true },
};

export default function SearchShellPage() {
  return <SearchBody html={SEARCH_BODY_MARKER} />;
}
