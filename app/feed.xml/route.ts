import { readFeedXml } from '@/lib/feeds';
import { xmlResponse } from '@/lib/http';

export const dynamic = 'force-dynamic';

export async function GET() {
  return xmlResponse((await readFeedXml('rss')) ?? '', 'application/rss+xml');
}
