import { notFound, redirect } from 'next/navigation';
import { z } from 'zod';
import { getCommentForAction } from '@/db/queries/comments';
import { requireModerator } from '@/lib/server/access';

export const dynamic = 'force-dynamic';

const params = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

type CommentAuthorPageProps = { params: Promise<{ id: string }> };

/**
 * "Ban author…" under a comment on the shared post page leads here: the page names no account (it
 * is the same for everyone), so the moderator is sent on to the comment author's moderation page.
 */
export default async function CommentAuthorPage({ params: raw }: CommentAuthorPageProps) {
  const parsed = params.safeParse(await raw);
  await requireModerator(`/moderation/comments/${parsed.success ? parsed.data.id : ''}/author`);
  const comment = parsed.success ? await getCommentForAction({ id: parsed.data.id }) : null;
  if (!comment?.authorId) notFound();
  redirect(`/moderation/users/${comment.authorId}`);
}
