import { readFeedXml } from '@/lib/feeds';
import { textResponse, xmlResponse } from '@/lib/http';
import { isSlug } from '@/lib/slug';

export const dynamic = 'force-dynamic';

export async function GET(_request: Request, { params }: { params: Promise<{ label: string }> }) {
  const { label } = await params;
  const xml = isSlug(label) ? await readFeedXml('rss', label) : null;
  if (xml === null) return textResponse(404, 'There is no label with that name.');
  return xmlResponse(xml, 'application/rss+xml');
}
