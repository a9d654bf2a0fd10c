import { after } from 'next/server';
import { answerCommentPost } from '@/lib/services/comment-form';
import { requestCookieJar } from '@/lib/server/cookie-jar';
import { invalidateBeforeAnswer } from '@/lib/server/invalidate-now';
import { getCurrentUser } from '@/lib/server/session';

export const dynamic = 'force-dynamic';

/**
 * Posts a comment or a reply: the comment form's target (components/comment-form.tsx), answered by
 * lib/services/comment-form.ts. A route handler rather than a server action: the same checks, without
 * the action pipeline (finding the action, decoding its arguments, rendering the page's form state).
 * A signed-in reader's urlencoded post is answered the same way before Next, by the front door.
 */
export async function POST(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  const reply = await answerCommentPost({
    headers: request.headers,
    rawPostId: (await context.params).id,
    readForm: () => request.formData().catch(() => null),
    user: getCurrentUser,
    jar: await requestCookieJar(),
    settle: { invalidate: invalidateBeforeAnswer, later: after },
  });
  return new Response(reply.body || null, { status: reply.status, headers: reply.headers });
}
