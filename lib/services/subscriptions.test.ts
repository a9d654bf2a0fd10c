import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPost } from '@/lib/services/posts';
import { addSubscriber, getPostEmail, getSubscriberByEmail, queuePostEmail } from '@/db/queries/subscriptions';
import { acquireJobLease, releaseJobLease } from '@/db/queries/job-leases';
import { saveSiteSettings } from '@/db/queries/settings';
import { createUser } from '@/lib/services/users';
import { useTestDatabase } from '@/db/test-database';
import type { Mail } from '../server/mailer';
import { unsubscribe, verifyUnsubscribe } from './notifications';
import {
  absolutePostHtml,
  confirmSubscription,
  manageSubscriptionPath,
  MAIL_LEASE_MS,
  MAX_SEND_TRIES,
  sendQueuedPostEmails,
  stopPostEmails,
  subscribeAccount,
  subscribeConfirmMail,
  SUBSCRIBE_LINK_HOURS,
  verifyManageLink,
} from './subscriptions';

vi.stubEnv('AUTH_SECRET', 'a-test-secret-that-is-long-enough-for-hmac');

const now = new Date('2026-12-01T10:00:00Z');
let authorId: string;

beforeEach(async () => {
  await useTestDatabase();
  authorId = (await createUser({ email: 'author@quire.test', name: 'Author', role: 'author' })).id;
});

function confirmationIn(mail: Mail) {
  const url = new URL(/https?:\/\/\S+\/subscribe\/confirm\?\S+/.exec(mail.text)![0]);
  return {
    email: url.searchParams.get('email')!,
    expires: Number(url.searchParams.get('expires')),
    token: url.searchParams.get('token')!,
  };
}

describe('double opt-in', () => {
  it('subscribes only through the signed link, until it expires', async () => {
    const link = confirmationIn(await subscribeConfirmMail('ann@quire.test', now));
    expect(await getSubscriberByEmail({ email: 'ann@quire.test' })).toBeNull();
    const expired = new Date(now.getTime() + SUBSCRIBE_LINK_HOURS * 3_600_000);
    expect(await confirmSubscription(link, expired)).toBe(false);
    expect(await confirmSubscription({ ...link, email: 'mallory@quire.test' }, now)).toBe(false);
    expect(await confirmSubscription({ ...link, expires: link.expires + 1 }, now)).toBe(false);
    expect(await getSubscriberByEmail({ email: 'ann@quire.test' })).toBeNull();
    expect(await confirmSubscription(link, now)).toBe(true);
    expect(await getSubscriberByEmail({ email: 'ann@quire.test' })).not.toBeNull();
  });

  it('sends the same mail whether or not the address is subscribed', async () => {
    const before = await subscribeConfirmMail('ann@quire.test', now);
    await addSubscriber({ email: 'ann@quire.test', now });
    expect(await subscribeConfirmMail('ann@quire.test', now)).toEqual(before);
  });

  it('subscribes a signed-in reader at once when their address is verified, else by a link', async () => {
    expect(await subscribeAccount({ id: authorId, email: 'author@quire.test', emailVerified: now })).toBe('subscribed');
    expect((await getSubscriberByEmail({ email: 'author@quire.test' }))?.userId).toBe(authorId);
    const unverified = await subscribeAccount({ id: 'x', email: 'new@quire.test', emailVerified: null });
    expect(unverified).toMatchObject({ confirm: { to: 'new@quire.test' } });
    expect(await getSubscriberByEmail({ email: 'new@quire.test' })).toBeNull();
  });
});

describe('emailing a new post', () => {
  it('sends nothing while another server holds the mail lease, and everything once it gives it up', async () => {
    await addSubscriber({ email: 'ann@quire.test', now });
    const post = await createPost({ title: 'Leased', markdown: 'Text.', authorId, status: 'published' });
    await queuePostEmail({ postId: post.id, now: new Date() });
    expect(await acquireJobLease({ name: 'post-emails', holder: 'other-server', ttlMs: MAIL_LEASE_MS })).toBe(true);
    const sent: Mail[] = [];
    await sendQueuedPostEmails(async (mail) => void sent.push(mail), 'this-server');
    expect(sent).toEqual([]);
    await releaseJobLease({ name: 'post-emails', holder: 'other-server' });
    await sendQueuedPostEmails(async (mail) => void sent.push(mail), 'this-server');
    expect(sent.map((mail) => mail.to)).toEqual(['ann@quire.test']);
  });

  it('stopped (SIGTERM), ends its round after the mail it is sending and gives up the lease', async () => {
    await addSubscriber({ email: 'ann@quire.test', now });
    await addSubscriber({ email: 'bob@quire.test', now });
    const post = await createPost({ title: 'Stopping', markdown: 'Text.', authorId, status: 'published' });
    await queuePostEmail({ postId: post.id, now: new Date() });
    const sent: string[] = [];
    let sending!: () => void;
    const firstSending = new Promise<void>((resolve) => (sending = resolve));
    let finishFirst!: () => void;
    const firstFinished = new Promise<void>((resolve) => (finishFirst = resolve));
    const round = sendQueuedPostEmails(async (mail) => {
      sent.push(mail.to);
      if (sent.length === 1) {
        sending();
        await firstFinished;
      }
    }, 'this-server');
    try {
      await firstSending;
      const stopped = stopPostEmails();
      finishFirst();
      await stopped;
      await round;
      expect(sent).toEqual(['ann@quire.test']);
      expect(await getPostEmail({ postId: post.id })).toMatchObject({ sent: 1 });
      // Another server takes the queue over at once, and mails the rest.
      expect(await acquireJobLease({ name: 'post-emails', holder: 'other-server', ttlMs: MAIL_LEASE_MS })).toBe(true);
    } finally {
      // The sender's state is the process's: the other tests of this file send again.
      (globalThis as { quirePostEmails?: { stopped?: boolean } }).quirePostEmails!.stopped = false;
    }
  });

  it('stopped while a mail server does not answer, does not hold the way out', async () => {
    await addSubscriber({ email: 'ann@quire.test', now });
    const post = await createPost({ title: 'Stuck', markdown: 'Text.', authorId, status: 'published' });
    await queuePostEmail({ postId: post.id, now: new Date() });
    let sending!: () => void;
    const firstSending = new Promise<void>((resolve) => (sending = resolve));
    let answer!: () => void;
    const round = sendQueuedPostEmails(async () => {
      sending();
      await new Promise<void>((resolve) => (answer = resolve));
    }, 'this-server');
    try {
      await firstSending;
      // The mail is answered only after this (finally): waiting for it would never end.
      await stopPostEmails(200);
      expect((globalThis as { quirePostEmails?: { running: boolean } }).quirePostEmails!.running).toBe(true);
    } finally {
      answer();
      await round;
      (globalThis as { quirePostEmails?: { stopped?: boolean } }).quirePostEmails!.stopped = false;
    }
  });

  it('sends each subscriber one mail with the title, excerpt, link and a working unsubscribe; never twice', async () => {
    await addSubscriber({ email: 'ann@quire.test', now });
    await addSubscriber({ email: 'bob@quire.test', now });
    const post = await createPost({
      title: 'Hello <world>',
      markdown: 'An opening line.',
      authorId,
      status: 'published',
    });
    await queuePostEmail({ postId: post.id, now: new Date() });
    const sent: Mail[] = [];
    await sendQueuedPostEmails(async (mail) => void sent.push(mail));
    expect(sent.map((mail) => mail.to)).toEqual(['ann@quire.test', 'bob@quire.test']);
    expect(sent[0]!.subject).toContain('Hello <world>');
    expect(sent[0]!.html).toContain('Hello &lt;world&gt;');
    expect(sent[0]!.text).toContain(`/posts/${post.slug}`);
    expect(sent[0]!.headers?.['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(await getPostEmail({ postId: post.id })).toMatchObject({ sent: 2 });
    expect((await getPostEmail({ postId: post.id }))?.finishedAt).not.toBeNull();

    // Queued again (a second publish) or the sender run again: nobody gets it twice.
    await queuePostEmail({ postId: post.id });
    await sendQueuedPostEmails(async (mail) => void sent.push(mail));
    expect(sent).toHaveLength(2);

    const stop = new URL(/https?:\/\/\S+\/unsubscribe\?\S+/.exec(sent[0]!.text)![0]);
    const link = { u: stop.searchParams.get('u')!, k: 'posts' as const };
    expect(verifyUnsubscribe(link, stop.searchParams.get('t')!)).toBe(true);
    await unsubscribe(link);
    expect(await getSubscriberByEmail({ email: 'ann@quire.test' })).toBeNull();
  });

  it('does not email a post that was unpublished before its turn, nor subscribers who came after it', async () => {
    const draft = await createPost({ title: 'Pulled', markdown: 'x', authorId, status: 'draft' });
    await queuePostEmail({ postId: draft.id, now });
    await addSubscriber({ email: 'late@quire.test', now: new Date(now.getTime() + 1000) });
    const live = await createPost({ title: 'Live', markdown: 'x', authorId, status: 'published' });
    await queuePostEmail({ postId: live.id, now });
    const sent: Mail[] = [];
    await sendQueuedPostEmails(async (mail) => void sent.push(mail));
    expect(sent).toEqual([]);
    expect((await getPostEmail({ postId: draft.id }))?.finishedAt).not.toBeNull();
  });

  it('resumes after a failure where it stopped, and skips an address that keeps failing', async () => {
    await addSubscriber({ email: 'ann@quire.test', now });
    await addSubscriber({ email: 'broken@quire.test', now });
    await addSubscriber({ email: 'cy@quire.test', now });
    const post = await createPost({ title: 'Resume', markdown: 'x', authorId, status: 'published' });
    await queuePostEmail({ postId: post.id, now: new Date() });
    const sent: string[] = [];
    const send = async (mail: Mail) => {
      if (mail.to === 'broken@quire.test') throw new Error('550 no such mailbox');
      sent.push(mail.to);
    };
    for (let run = 0; run < MAX_SEND_TRIES; run++) await sendQueuedPostEmails(send);
    expect(sent).toEqual(['ann@quire.test', 'cy@quire.test']);
    expect(await getPostEmail({ postId: post.id })).toMatchObject({ sent: 2 });
    expect((await getPostEmail({ postId: post.id }))?.finishedAt).not.toBeNull();
  });
});

describe('the /subscriptions link', () => {
  const fieldsOf = (path: string) => {
    const url = new URL(path, 'http://quire.invalid');
    return { email: url.searchParams.get('email')!, t: url.searchParams.get('t')! };
  };

  it('is signed for one address: another address, or a changed signature, does not verify', () => {
    const link = fieldsOf(manageSubscriptionPath('ann@quire.test'));
    expect(link.email).toBe('ann@quire.test');
    expect(verifyManageLink(link)).toBe(true);
    expect(verifyManageLink({ ...link, email: 'bob@quire.test' })).toBe(false);
    const flipped = (link.t[0] === 'A' ? 'B' : 'A') + link.t.slice(1);
    expect(verifyManageLink({ ...link, t: flipped })).toBe(false);
    expect(verifyManageLink({ ...link, t: link.t.slice(1) })).toBe(false);
    // Not the unsubscribe or confirmation signature reused: its own purpose in the signed text.
    expect(link.t).not.toBe(fieldsOf(manageSubscriptionPath('bob@quire.test')).t);
  });

  it('is in every new-post email and names the subscriber', async () => {
    await addSubscriber({ email: 'ann@quire.test', now });
    const post = await createPost({ title: 'Linked', markdown: 'x', authorId, status: 'published' });
    await queuePostEmail({ postId: post.id, now: new Date() });
    const sent: Mail[] = [];
    await sendQueuedPostEmails(async (mail) => void sent.push(mail));
    const url = /https?:\/\/\S+\/subscriptions\?\S+/.exec(sent[0]!.text)![0];
    expect(verifyManageLink(fieldsOf(url))).toBe(true);
    expect(fieldsOf(url).email).toBe('ann@quire.test');
    expect(sent[0]!.html).toContain('/subscriptions?email=ann%40quire.test&amp;t=');
  });
});

describe('what a new-post email carries', () => {
  const markdown = [
    'The *opening* paragraph.',
    '',
    '![A <cat>](/uploads/cat.png)',
    '',
    'A second paragraph with **bold words** and [a link](/posts/other).',
  ].join('\n');

  async function mailFor(title: string): Promise<Mail> {
    await addSubscriber({ email: 'ann@quire.test', now });
    const post = await createPost({
      title,
      markdown,
      excerpt: 'Short <excerpt> & more',
      authorId,
      status: 'published',
    });
    await queuePostEmail({ postId: post.id, now: new Date() });
    const sent: Mail[] = [];
    await sendQueuedPostEmails(async (mail) => void sent.push(mail));
    expect(sent).toHaveLength(1);
    return sent[0]!;
  }

  it('the escaped excerpt by default, not the body', async () => {
    const mail = await mailFor('Cats <3');
    expect(mail.html).toContain('<p>Short &lt;excerpt&gt; &amp; more</p>');
    expect(mail.html).toContain('<h1>Cats &lt;3</h1>');
    expect(mail.html).not.toContain('bold words');
    expect(mail.text).toContain('Short <excerpt> & more');
    expect(mail.text).not.toContain('bold words');
  });

  it('the rendered post with absolute image and link URLs, and a plain-text part, when set to the full post', async () => {
    await saveSiteSettings({ newPostEmailBody: 'full' });
    const mail = await mailFor('Cats <3');
    expect(mail.html).toContain('<h1>Cats &lt;3</h1>');
    expect(mail.html).toContain('<strong>bold words</strong>');
    expect(mail.html).toMatch(/<img[^>]* src="https?:\/\/[^"/]+\/uploads\/cat\.png"/);
    expect(mail.html).toMatch(/href="https?:\/\/[^"/]+\/posts\/other"/);
    expect(mail.html).not.toContain('Short &lt;excerpt&gt;');
    expect(mail.text).toContain('A second paragraph with bold words and a link.');
    expect(mail.text).not.toMatch(/<strong>|<p>|<img/);
  });

  it('makes only site-relative URLs absolute, srcset entries included', () => {
    const html = absolutePostHtml(
      '<a href="https://example.org/x">x</a><a href="//cdn.example/y">y</a><img src="/a.png" srcset="/a-1.png 1x, /a-2.png 2x">',
    );
    expect(html).toContain('href="https://example.org/x"');
    expect(html).toContain('href="//cdn.example/y"');
    expect(html).toMatch(/src="https?:\/\/[^"/]+\/a\.png"/);
    expect(html).toMatch(/srcset="https?:\/\/[^"/]+\/a-1\.png 1x, https?:\/\/[^"/]+\/a-2\.png 2x"/);
  });
});
