'use server';

import { updateTag } from 'next/cache';
import { redirect } from 'next/navigation';
import { countCommentsSince, createComment, getVisibleComment, hasRecentDuplicate } from '@/db/queries/comments';
import { getCommentablePost } from '@/db/queries/posts';
import { cacheTags } from '@/lib/cache-tags';
import { commentLimitMessage, commentSchema, DUPLICATE_WINDOW_MS } from '@/lib/comment-policy';
import { fieldErrors, keptValues, type FormState } from '@/lib/form-state';
import { getCurrentUser } from '@/lib/session';

/**
 * Posts a comment or a reply. A public endpoint like every server action: it re-checks who is
 * calling and what they may do before writing anything.
 */
export async function postCommentAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = keptValues(formData, ['body']);
  const parsed = commentSchema.safeParse({
    postId: formData.get('postId'),
    parentId: formData.get('parentId') ?? undefined,
    body: formData.get('body'),
  });
  if (!parsed.success) return { errors: fieldErrors(parsed.error), values };
  const { postId, parentId, body } = parsed.data;

  const user = await getCurrentUser();
  if (!user) return { message: 'Sign in to comment.', values };

  const post = getCommentablePost({ id: postId });
  if (!post) return { message: 'This post cannot be commented on.', values };
  if (!post.commentsOpen) return { message: 'Comments are closed on this post.', values };
  if (parentId !== null && !getVisibleComment({ id: parentId, postId })) {
    return { message: 'The comment you are replying to is no longer there.', values };
  }

  const now = Date.now();
  const limit = commentLimitMessage({
    lastMinute: countCommentsSince({ authorId: user.id, since: new Date(now - 60_000) }),
    lastDay: countCommentsSince({ authorId: user.id, since: new Date(now - 86_400_000) }),
    duplicate: hasRecentDuplicate({ authorId: user.id, markdown: body, since: new Date(now - DUPLICATE_WINDOW_MS) }),
  });
  if (limit) return { message: limit, values };

  const { id } = createComment({ postId, parentId, authorId: user.id, markdown: body });
  // The post page and every list with its comment count show the comment on the next request.
  updateTag(cacheTags.post(post.slug));
  updateTag(cacheTags.postLists);
  redirect(`/posts/${post.slug}#comment-${id}`);
}
