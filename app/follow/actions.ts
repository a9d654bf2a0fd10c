'use server';

import { updateTag } from 'next/cache';
import { z } from 'zod';
import { followPost, unfollowPost } from '@/db/queries/follows';
import { getPostForViewer } from '@/db/queries/viewer';
import { cacheTags } from '@/lib/policies/cache-tags';
import { postAction } from '@/lib/server/action';
import { requestCookieJar } from '@/lib/server/cookie-jar';
import { markViewerChanged } from '@/lib/services/viewer';

/**
 * "Email me new comments" / "Stop emailing me" on a post (and on the account page): a plain form
 * that works without JavaScript, going back to `returnTo` with its sentence. A visitor who presses
 * it is sent to sign in first.
 */
export const followPostAction = postAction({
  schema: z.object({
    postId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
    follow: z.enum(['1', '0']),
  }),
  invalid: 'This button could not be read. Reload the page and try again.',
  who: 'signed-in',
  fallback: '/account',
  run: async ({ data, user }) => {
    if (!(await getPostForViewer({ id: data.postId }))) return { ok: false, message: 'This post cannot be followed.' };
    if (data.follow === '1') await followPost({ userId: user.id, postId: data.postId });
    else await unfollowPost({ userId: user.id, postId: data.postId });
    // The post page may come from the shared cache: the browser asks for the viewer's state again.
    updateTag(cacheTags.viewers(data.postId));
    markViewerChanged(await requestCookieJar());
    return {
      ok: true,
      message:
        data.follow === '1'
          ? `You will get an email about new comments on this post at ${user.email ?? 'your address'}.`
          : 'You will no longer get emails about new comments on this post.',
    };
  },
});
