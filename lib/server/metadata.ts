import type { Metadata } from 'next';
import { absoluteUrl } from './env';

type PageMetadataInput = {
  title: string;
  description: string;
  path: string;
  image?: string | null;
  type?: 'website' | 'article';
  publishedTime?: Date;
  modifiedTime?: Date | null;
  authors?: string[];
  /** An extra feed for this page (a label's RSS), beside the site's own. */
  feed?: { path: string; title: string };
};

/**
 * The site's feeds, linked from every page. Next.js replaces (not merges) a layout's `alternates`
 * when a page sets its canonical URL, so every page's metadata carries them.
 */
function feedAlternates(extra?: PageMetadataInput['feed']) {
  return {
    'application/rss+xml': [
      { url: absoluteUrl('/feed.xml'), title: 'RSS' },
      ...(extra ? [{ url: absoluteUrl(extra.path), title: extra.title }] : []),
    ],
    'application/atom+xml': [{ url: absoluteUrl('/atom.xml'), title: 'Atom' }],
  };
}

/** Title, description, canonical URL, OpenGraph and Twitter card for one page, all absolute. */
export function pageMetadata(input: PageMetadataInput): Metadata {
  const url = absoluteUrl(input.path);
  const images = input.image ? [{ url: absoluteUrl(input.image) }] : undefined;
  return {
    title: input.title,
    description: input.description,
    alternates: { canonical: url, types: feedAlternates(input.feed) },
    openGraph: {
      title: input.title,
      description: input.description,
      url,
      type: input.type ?? 'website',
      images,
      ...(input.type === 'article'
        ? {
            publishedTime: input.publishedTime?.toISOString(),
            modifiedTime: input.modifiedTime?.toISOString(),
            authors: input.authors,
          }
        : {}),
    },
    twitter: {
      card: images ? 'summary_large_image' : 'summary',
      title: input.title,
      description: input.description,
      images: images?.map((image) => image.url),
    },
  };
}
