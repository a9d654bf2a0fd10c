import type { Metadata } from 'next';
import { SearchResults } from '@/components/search-results';
import { pageMetadata } from '@/lib/metadata';

// `/search?q=…` is rewritten to /search/results/<query>/<page> (next.config.ts) so each query's
// results are cached like any other public page; this route only answers an empty search.
export const dynamic = 'force-dynamic'; // rendered per request so the header shows the live site settings

export const metadata: Metadata = {
  ...pageMetadata({ title: 'Search', description: 'Search every post.', path: '/search' }),
  robots: { index: false, follow: true },
};

export default function SearchPage() {
  return <SearchResults query="" page={1} results={null} perPage={1} />;
}
