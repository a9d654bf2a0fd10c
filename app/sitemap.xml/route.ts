import { readSitemapXml } from '@/lib/feeds';
import { xmlResponse } from '@/lib/http';

export const dynamic = 'force-dynamic';

export async function GET() {
  return xmlResponse(await readSitemapXml());
}
