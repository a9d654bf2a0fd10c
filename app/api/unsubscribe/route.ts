import { z } from 'zod';
import { unsubscribe, verifyUnsubscribe } from '@/lib/services/notifications';

export const dynamic = 'force-dynamic';

const fields = z.object({
  u: z.string().regex(/^[A-Za-z0-9-]{1,64}$/),
  k: z.enum(['replies', 'queue']),
  t: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/),
});

/** RFC 8058 one-click unsubscribe: mail programs POST here from the List-Unsubscribe header. */
export async function POST(request: Request) {
  const parsed = fields.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success || !verifyUnsubscribe(parsed.data.u, parsed.data.k, parsed.data.t)) {
    return Response.json({ error: 'This unsubscribe link is not valid.' }, { status: 400 });
  }
  unsubscribe(parsed.data.u, parsed.data.k);
  return Response.json({ unsubscribed: parsed.data.k });
}
