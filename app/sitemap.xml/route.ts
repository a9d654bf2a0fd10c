import { readSitemapXml } from '@/lib/services/feeds';
import { xmlResponse } from '@/lib/server/http';

export const dynamic = 'force-dynamic';

export async function GET() {
  return xmlResponse(await readSitemapXml());
}
