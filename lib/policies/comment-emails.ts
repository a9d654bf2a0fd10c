// Who is emailed about a comment that has just become visible, as a pure rule (no database).
//
// - The person replied to gets the reply email (always, when they want replies): it is addressed
//   to them. They are then left out of the "new comment" email, so one comment never sends one
//   person two emails.
// - Followers of the post, and the post's author (unless they turned it off), get a "new comment"
//   email — never about their own comment, and at most one per person per post per
//   COMMENT_EMAIL_MINUTES. A comment inside that window is not emailed on its own: it is listed in
//   the next email that person gets about the post (which starts from the last comment they were
//   emailed about), so a busy thread sends a digest instead of a flood.

export const COMMENT_EMAIL_MINUTES = 15;
export const COMMENT_EMAIL_WINDOW_MS = COMMENT_EMAIL_MINUTES * 60_000;

export type CommentEmailPerson = { userId: string; email: string | null };

export type CommentEmailInput = {
  commenterId: string | null;
  /** The author of the comment replied to, when they want reply emails (null otherwise). */
  repliedTo: CommentEmailPerson | null;
  followers: CommentEmailPerson[];
  /** The post's author, when they want emails about comments on their posts (null otherwise). */
  postAuthor: CommentEmailPerson | null;
  /** When each person was last emailed about this post's comments. */
  lastEmailed: ReadonlyMap<string, Date>;
  now: Date;
  windowMs?: number;
};

export type CommentEmailPlan = {
  /** Gets the reply email. */
  reply: CommentEmailPerson | null;
  /** Get the "new comment" email now. */
  comment: CommentEmailPerson[];
  /** Were emailed about this post less than the window ago: this comment waits for their next email. */
  throttled: string[];
};

export function planCommentEmails(input: CommentEmailInput): CommentEmailPlan {
  const windowMs = input.windowMs ?? COMMENT_EMAIL_WINDOW_MS;
  const reachable = (person: CommentEmailPerson | null): person is CommentEmailPerson =>
    person !== null && Boolean(person.email) && person.userId !== input.commenterId;
  const reply = reachable(input.repliedTo) ? input.repliedTo : null;
  const seen = new Set<string>(reply ? [reply.userId] : []);
  const comment: CommentEmailPerson[] = [];
  const throttled: string[] = [];
  for (const person of [...(input.postAuthor ? [input.postAuthor] : []), ...input.followers]) {
    if (!reachable(person) || seen.has(person.userId)) continue;
    seen.add(person.userId);
    const last = input.lastEmailed.get(person.userId);
    if (last && input.now.getTime() - last.getTime() < windowMs) throttled.push(person.userId);
    else comment.push(person);
  }
  return { reply, comment, throttled };
}
