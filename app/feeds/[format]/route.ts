import { feedNotFound, readCommentFeedXml, readFeedXml, type FeedFormat } from '@/lib/services/feeds';
import { xmlResponse } from '@/lib/server/http';

// /feed.xml, /atom.xml and /comments/feed.xml are rewritten here (next.config.ts), as the home page is to /page/1: a path
// with a parameter and no prebuilt params is generated on its first request, from the live database,
// then served from Next's cache like a page until a write drops one of its tags (post-lists, site,
// which readFeedXml's cached data carries into the cached response).
export const dynamicParams = true;
export async function generateStaticParams() {
  return [];
}

const contentTypes: Record<FeedFormat, string> = { rss: 'application/rss+xml', atom: 'application/atom+xml' };

function isFeedFormat(value: string): value is FeedFormat {
  return Object.hasOwn(contentTypes, value);
}

export async function GET(_request: Request, { params }: { params: Promise<{ format: string }> }) {
  const { format } = await params;
  if (format === 'comments') return xmlResponse((await readCommentFeedXml()) ?? '', contentTypes.rss);
  if (!isFeedFormat(format)) return feedNotFound('There is no feed by that name.');
  return xmlResponse((await readFeedXml(format)) ?? '', contentTypes[format]);
}
