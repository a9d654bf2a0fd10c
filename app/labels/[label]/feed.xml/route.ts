import { feedNotFound, readFeedXml } from '@/lib/services/feeds';
import { xmlResponse } from '@/lib/server/http';
import { slugFromParam } from '@/lib/policies/slug';

// Generated on a label's first request and then served from Next's cache until a write drops one of
// the tags its data carries (post-lists, site), like the label's page (see app/feeds/[format]/route.ts).
export const dynamicParams = true;
export async function generateStaticParams() {
  return [];
}

export async function GET(_request: Request, { params }: { params: Promise<{ label: string }> }) {
  const { label } = await params;
  const slug = slugFromParam(label);
  const xml = slug === null ? null : await readFeedXml('rss', slug);
  if (xml === null) return feedNotFound('There is no label with that name.');
  return xmlResponse(xml, 'application/rss+xml');
}
