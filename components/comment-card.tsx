import { plural } from '@/lib/policies/format';
import { PostDate } from './post-date';

/** What one comment card shows; the server's and the browser's lists render it alike. */
export type CommentCardData = {
  id: number;
  status: 'visible' | 'removed' | 'held';
  authorName: string;
  authorHandle: string | null;
  authorImage: string | null;
  bodyHtml: string;
  createdAt: Date;
  editedAt: Date | null;
  removedReason: string | null;
  likeCount: number;
};

type CommentCardProps = {
  comment: CommentCardData;
  /** The comment this one answers, when it is folded below the third level. */
  inReplyTo?: { id: number; authorName: string } | null;
  controls?: React.ReactNode;
};

/** One comment with its text: author, date, notices, the sanitised body, likes and the controls. */
export function CommentCard({ comment, inReplyTo, controls }: CommentCardProps) {
  return (
    <article id={`comment-${comment.id}`} aria-label={`Comment by ${comment.authorName}`} className="comment">
      <header>
        <Avatar name={comment.authorName} image={comment.authorImage} />
        {comment.authorHandle ? (
          <a href={`/authors/${comment.authorHandle}`}>{comment.authorName}</a>
        ) : (
          <b>{comment.authorName}</b>
        )}
        <a href={`/comments/${comment.id}`} className="meta">
          <PostDate date={comment.createdAt} relative />
        </a>
        {comment.editedAt ? <span className="meta">(edited)</span> : null}
        {inReplyTo ? (
          <span className="meta">
            in reply to <a href={`#comment-${inReplyTo.id}`}>{inReplyTo.authorName}</a>
          </span>
        ) : null}
      </header>
      {comment.status === 'removed' ? (
        <p role="note" className="comment-notice">
          Removed by a moderator{comment.removedReason ? `: ${comment.removedReason}` : ''}. Readers see “Comment
          removed by a moderator” in its place.
        </p>
      ) : null}
      {comment.status === 'held' ? (
        <p role="note" className="comment-notice">
          Awaiting approval: only its author and the moderators can see it for now.
        </p>
      ) : null}
      <div
        className="prose prose-sm comment-body"
        // Rendered through the comment sanitiser when it was saved.
        dangerouslySetInnerHTML={{ __html: comment.bodyHtml }}
      />
      {comment.likeCount > 0 ? <p className="meta">{plural(comment.likeCount, 'like')}</p> : null}
      {controls}
    </article>
  );
}

function Avatar({ name, image }: { name: string; image: string | null }) {
  if (image) {
    // eslint-disable-next-line @next/next/no-img-element -- avatars come from anywhere; a fixed-size plain image.
    return <img src={image} alt="" width={28} height={28} className="avatar" />;
  }
  return (
    <span aria-hidden="true" className="avatar">
      {name.slice(0, 1).toUpperCase()}
    </span>
  );
}
