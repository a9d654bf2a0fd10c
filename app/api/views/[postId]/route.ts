import { after } from 'next/server';
import { revalidateTag } from 'next/cache';
import { cacheTags } from '@/lib/policies/cache-tags';
import { flushViewsIfDue, recordView } from '@/lib/services/view-counter';
import { idParam } from '@/lib/validations/params';
import { isCountableView } from '@/lib/policies/view-policy';

export const dynamic = 'force-dynamic';

// A transparent 1×1 GIF: the view beacon is an <img>, so it works without JavaScript.
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

export async function GET(request: Request, { params }: { params: Promise<{ postId: string }> }) {
  const postId = idParam.safeParse((await params).postId);
  if (postId.success && isCountableView(request.headers)) {
    recordView(postId.data);
    after(async () => {
      const { rankingChanged } = await flushViewsIfDue();
      // Only when the five shown would change: otherwise the cached pages stay as they are.
      if (rankingChanged) revalidateTag(cacheTags.popular, { expire: 0 });
    });
  }
  return new Response(new Uint8Array(PIXEL), {
    headers: { 'Content-Type': 'image/gif', 'Cache-Control': 'no-store, max-age=0' },
  });
}
