import { textResponse } from '@/lib/server/http';
import { getUploadStore, uploadKeyPattern } from '@/lib/server/uploads/store';

export const dynamic = 'force-dynamic';

/** Serves stored images. Names carry a hash of the content, so a browser may keep them for a year. */
export async function GET(_request: Request, { params }: { params: Promise<{ file: string }> }) {
  const { file } = await params;
  if (!uploadKeyPattern.test(file)) return textResponse(404, 'There is no such image.');
  const data = await getUploadStore().get(file);
  if (!data) return textResponse(404, 'There is no such image.');
  return new Response(new Uint8Array(data), {
    headers: {
      'Content-Type': 'image/webp',
      'Content-Length': String(data.length),
      'Cache-Control': 'public, max-age=31536000, immutable',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
