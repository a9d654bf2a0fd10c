'use client';

import { followPostAction } from '@/app/follow/actions';
import { useViewer } from './viewer-context';

/**
 * Follow or unfollow a post's comments by email: a plain form, so it works without JavaScript. On
 * the shared (cached) page the viewer's state comes from the browser's request for it; a visitor
 * sees "Follow" and is sent to sign in first.
 */
export function FollowButton() {
  const { state, known, postId, here } = useViewer();
  if (!known) return null;
  const following = state.user !== null && state.following;
  return (
    <form action={followPostAction} className="meta flex flex-wrap items-center gap-2" data-testid="follow-form">
      <input type="hidden" name="postId" value={postId} />
      <input type="hidden" name="follow" value={following ? '0' : '1'} />
      <input type="hidden" name="returnTo" value={`${here}#comments`} />
      <span>
        {following
          ? 'You get an email when someone comments on this post.'
          : 'Get an email when someone comments on this post.'}
      </span>
      <button type="submit" className="underline">
        {following ? 'Unfollow' : 'Follow'}
      </button>
    </form>
  );
}
