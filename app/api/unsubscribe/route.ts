import { invalidateBeforeAnswer } from '@/lib/server/invalidate-now';
import { unsubscribe, verifyUnsubscribe } from '@/lib/services/notifications';
import { unsubscribeLinkSchema } from '@/lib/validations/unsubscribe';

export const dynamic = 'force-dynamic';

/** RFC 8058 one-click unsubscribe: mail programs POST here from the List-Unsubscribe header. */
export async function POST(request: Request) {
  const parsed = unsubscribeLinkSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success || !verifyUnsubscribe(parsed.data, parsed.data.t)) {
    return Response.json({ error: 'This unsubscribe link is not valid.' }, { status: 400 });
  }
  await invalidateBeforeAnswer(await unsubscribe(parsed.data));
  return Response.json({ unsubscribed: parsed.data.k });
}
