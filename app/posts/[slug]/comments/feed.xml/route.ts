import { feedNotFound, readCommentFeedXml } from '@/lib/services/feeds';
import { xmlResponse } from '@/lib/server/http';
import { slugFromParam } from '@/lib/policies/slug';

// A post's comments feed: generated on its first request and then served from Next's cache until a
// write drops its post's tag (a comment posted, edited or removed; the post unpublished).
export const dynamicParams = true;
export async function generateStaticParams() {
  return [];
}

export async function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const slug = slugFromParam((await params).slug);
  const xml = slug === null ? null : await readCommentFeedXml(slug);
  if (xml === null) return feedNotFound('There is no published post at that address.');
  return xmlResponse(xml, 'application/rss+xml');
}
