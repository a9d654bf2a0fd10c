import { z } from 'zod';
import { isCacheTag, siteWideTags } from '@/lib/policies/cache-tags';
import { invalidateBeforeAnswer } from '@/lib/server/invalidate-now';
import { matchesSecret } from '@/lib/server/secrets';

export const dynamic = 'force-dynamic';

const body = z.object({
  tags: z
    .array(z.string().refine(isCacheTag))
    .min(1)
    .max(100)
    .default([...siteWideTags]),
});

/**
 * Lets Quire's own command-line tools, which write to the database from another process, drop the
 * cached pages they changed. Requires the machine-local secret from the data folder.
 */
export async function POST(request: Request) {
  const token = request.headers.get('authorization')?.replace(/^Bearer\s+/i, '') ?? null;
  if (!matchesSecret('internal', token)) {
    return Response.json({ error: 'This endpoint is for Quire’s own tools.' }, { status: 403 });
  }
  const parsed = body.safeParse(await request.json().catch(() => ({})));
  if (!parsed.success) {
    return Response.json({ error: 'The list of tags is not valid.' }, { status: 422 });
  }
  await invalidateBeforeAnswer(parsed.data.tags);
  return Response.json({ revalidated: parsed.data.tags });
}
