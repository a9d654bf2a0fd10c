import { readFeedXml } from '@/lib/feeds';
import { textResponse, xmlResponse } from '@/lib/http';
import { slugFromParam } from '@/lib/slug';

export const dynamic = 'force-dynamic';

export async function GET(_request: Request, { params }: { params: Promise<{ label: string }> }) {
  const { label } = await params;
  const slug = slugFromParam(label);
  const xml = slug === null ? null : await readFeedXml('rss', slug);
  if (xml === null) return textResponse(404, 'There is no label with that name.');
  return xmlResponse(xml, 'application/rss+xml');
}
