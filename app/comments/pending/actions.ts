'use server';

import { updateTag } from 'next/cache';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { after } from 'next/server';
import { z } from 'zod';
import { commentSchema } from '@/lib/policies/comment-policy';
import { postComment, settleNewComment } from '@/lib/services/comment-posting';
import { formAction } from '@/lib/server/action';
import { fieldErrors } from '@/lib/policies/form-state';
import {
  forgetPendingComment,
  NO_PENDING_COMMENT,
  PENDING_COMMENT_COOKIE,
  PENDING_COMMENT_PATH,
  readPendingComment,
} from '@/lib/services/pending-comments';
import { getCurrentUser } from '@/lib/server/session';
import { requestCookieJar } from '@/lib/server/cookie-jar';
import { markViewerChanged } from '@/lib/services/viewer';

/**
 * Posts the comment this browser kept while its writer signed in (the text as it stands in the
 * form now), with every check a comment gets; on success the kept copy is forgotten.
 */
export const postPendingCommentAction = formAction({
  schema: z.object({ body: z.unknown() }),
  keep: ['body'],
  who: 'anyone',
  run: async ({ data }) => {
    const jar = await cookies();
    const token = jar.get(PENDING_COMMENT_COOKIE)?.value;
    const pending = await readPendingComment(token);
    if (!token || !pending) return { ok: false, message: NO_PENDING_COMMENT };
    const parsed = commentSchema.safeParse({
      postId: pending.postId,
      parentId: pending.parentId ?? undefined,
      body: data.body,
    });
    if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
    // Signed in by now in the usual order of things; if not, to sign-in again, the comment still kept.
    const user = await getCurrentUser();
    if (!user) redirect(`/signin?returnTo=${encodeURIComponent(PENDING_COMMENT_PATH)}&notice=comment-kept`);
    const posted = await postComment({ ...parsed.data, user, now: new Date() });
    if ('refusal' in posted) return { ok: false, message: posted.refusal };
    await forgetPendingComment(token);
    jar.delete(PENDING_COMMENT_COOKIE);
    await settleNewComment(posted, { invalidate: (tags) => tags.forEach((tag) => updateTag(tag)), later: after });
    markViewerChanged(await requestCookieJar());
    redirect(posted.href);
  },
});
