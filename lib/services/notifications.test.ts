import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createComment } from '@/lib/services/comments';
import { followPost, isFollowingPost } from '@/db/queries/follows';
import { createPost } from '@/lib/services/posts';
import { getUserById, setNotificationPreferences } from '@/db/queries/users';
import { createUser } from '@/lib/services/users';
import { useTestDatabase } from '@/db/test-database';
import { COMMENT_EMAIL_WINDOW_MS } from '../policies/comment-emails';
import { sendMail, type Mail } from '../server/mailer';
import { notifyNewComment, unsubscribe, verifyUnsubscribe } from './notifications';

const sent: Mail[] = [];
vi.mock('../server/mailer', () => ({
  sendMail: vi.fn(async (mail: Mail) => {
    sent.push(mail);
    return { via: 'smtp' };
  }),
}));
vi.stubEnv('AUTH_SECRET', 'a-test-secret-that-is-long-enough-for-hmac');

const now = new Date('2026-12-01T10:00:00Z');
const later = (ms: number) => new Date(now.getTime() + ms);
let author: string;
let ann: string;
let bob: string;
let postId: number;

beforeEach(async () => {
  sent.length = 0;
  await useTestDatabase();
  author = (await createUser({ email: 'author@quire.test', name: 'Author', role: 'author' })).id;
  ann = (await createUser({ email: 'ann@quire.test', name: 'Ann', role: 'reader' })).id;
  bob = (await createUser({ email: 'bob@quire.test', name: 'Bob <b>', role: 'reader' })).id;
  postId = (await createPost({ title: 'Threads & <things>', markdown: 'Body.', authorId: author, status: 'published' }))
    .id;
});

const recipients = () => sent.map((mail) => mail.to).sort();

describe('emails about a new comment', () => {
  it('emails followers and the post’s author, escaped, with the comment’s link; never the commenter', async () => {
    await followPost({ userId: ann, postId });
    await followPost({ userId: bob, postId });
    const { id } = await createComment({ postId, authorId: bob, markdown: 'Hello <script>x</script>' });
    await notifyNewComment(id, now);
    expect(recipients()).toEqual(['ann@quire.test', 'author@quire.test']);
    const toAnn = sent.find((mail) => mail.to === 'ann@quire.test')!;
    expect(toAnn.text).toContain(`/comments/${id}`);
    expect(toAnn.html).toContain('Hello &lt;script&gt;x&lt;/script&gt;');
    expect(toAnn.html).toContain('Bob &lt;b&gt;');
    expect(toAnn.html).not.toContain('<script>');
    expect(toAnn.headers?.['List-Unsubscribe']).toMatch(/\/api\/unsubscribe\?.*k=follow/);
  });

  it('sends nothing about a held comment', async () => {
    await followPost({ userId: ann, postId });
    const { id } = await createComment({ postId, authorId: bob, markdown: 'Held.', status: 'pending' });
    await notifyNewComment(id, now);
    expect(sent).toEqual([]);
  });

  it('sends a follower who is also replied to one email (the reply)', async () => {
    await followPost({ userId: ann, postId });
    const parent = await createComment({ postId, authorId: ann, markdown: 'First.' });
    const reply = await createComment({ postId, parentId: parent.id, authorId: bob, markdown: 'Answer.' });
    await notifyNewComment(reply.id, now);
    const toAnn = sent.filter((mail) => mail.to === 'ann@quire.test');
    expect(toAnn).toHaveLength(1);
    expect(toAnn[0]!.subject).toContain('replied to your comment');
  });

  it('leaves out an author who turned the setting off', async () => {
    await setNotificationPreferences({ userId: author, notifyPostComments: false });
    const { id } = await createComment({ postId, authorId: bob, markdown: 'Hi.' });
    await notifyNewComment(id, now);
    expect(sent).toEqual([]);
  });

  it('throttles per person and post, and lists the held-back comments in the next email', async () => {
    await followPost({ userId: ann, postId });
    await setNotificationPreferences({ userId: author, notifyPostComments: false });
    const one = await createComment({ postId, authorId: bob, markdown: 'One.' });
    await notifyNewComment(one.id, now);
    const two = await createComment({ postId, authorId: bob, markdown: 'Two, held back.' });
    await notifyNewComment(two.id, later(60_000));
    expect(sent).toHaveLength(1);
    const three = await createComment({ postId, authorId: bob, markdown: 'Three.' });
    await notifyNewComment(three.id, later(COMMENT_EMAIL_WINDOW_MS + 1));
    expect(sent).toHaveLength(2);
    expect(sent[1]!.text).toContain('Three.');
    expect(sent[1]!.text).toContain('Also new since our last email');
    expect(sent[1]!.text).toContain(`/comments/${two.id}`);
    expect(sent[1]!.text).not.toContain('One.');
  });

  it('sends a follower one email when two comments arrive at the same moment; the next lists the other', async () => {
    await followPost({ userId: ann, postId });
    await setNotificationPreferences({ userId: author, notifyPostComments: false });
    const one = await createComment({ postId, authorId: bob, markdown: 'One at once.' });
    const two = await createComment({ postId, authorId: bob, markdown: 'Two at once.' });
    await Promise.all([notifyNewComment(one.id, now), notifyNewComment(two.id, now)]);
    expect(recipients()).toEqual(['ann@quire.test']);
  });

  it('lets an email that could not be sent go to the next comment instead', async () => {
    await followPost({ userId: ann, postId });
    await setNotificationPreferences({ userId: author, notifyPostComments: false });
    vi.mocked(sendMail).mockRejectedValueOnce(new Error('421 try later'));
    const one = await createComment({ postId, authorId: bob, markdown: 'Lost in the post.' });
    await notifyNewComment(one.id, now);
    expect(sent).toEqual([]);
    const two = await createComment({ postId, authorId: bob, markdown: 'Sent.' });
    await notifyNewComment(two.id, later(60_000));
    expect(recipients()).toEqual(['ann@quire.test']);
  });

  it('stops following from the email’s signed link, and turns the author’s setting off from theirs', async () => {
    await followPost({ userId: ann, postId });
    const { id } = await createComment({ postId, authorId: bob, markdown: 'Hi.' });
    await notifyNewComment(id, now);
    for (const mail of sent) {
      const url = new URL(/https?:\/\/\S+\/unsubscribe\?\S+/.exec(mail.text)![0]);
      const p = url.searchParams.get('p');
      const link = {
        u: url.searchParams.get('u')!,
        k: url.searchParams.get('k') as 'follow' | 'post-comments',
        ...(p ? { p: Number(p) } : {}),
      };
      expect(verifyUnsubscribe(link, url.searchParams.get('t')!)).toBe(true);
      expect(verifyUnsubscribe({ ...link, u: bob }, url.searchParams.get('t')!)).toBe(false);
      // Following shows only in the post's viewer answers: those are what the caller drops.
      expect(await unsubscribe(link)).toEqual(link.k === 'follow' ? [`viewers:${postId}`] : []);
    }
    expect(await isFollowingPost({ userId: ann, postId })).toBe(false);
    expect((await getUserById({ id: author }))?.notifyPostComments).toBe(false);
  });
});
