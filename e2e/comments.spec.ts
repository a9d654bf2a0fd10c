import { expect, test } from '@playwright/test';
import { NEW_ACCOUNT_COMMENTS_PER_MINUTE } from '../lib/policies/comment-policy';
import { insertReader, signIn, signUp } from './support/accounts';
import { BlogPage } from './support/blog';
import { at, openTestDatabase, refreshCache } from './support/database';
import { postComment, signedInContext, sql } from './support/people';

const post = '/posts/notes-on-a-small-kitchen-garden';

test('visitors get the cached page with the form; what they write is posted once they sign in', async ({
  page,
  request,
}) => {
  await page.goto(post);
  // The line above the form (the header has a Sign in link of its own, back to the page).
  await expect(page.locator('#comments').getByRole('link', { name: 'Sign in' })).toHaveAttribute(
    'href',
    `/signin?returnTo=${encodeURIComponent(`${post}#comments`)}`,
  );
  // Served from the page cache once rendered (asked again while another test's write, or the view
  // counts' flush refreshing Popular posts, has just dropped it: the next render is cached again).
  await expect.poll(async () => (await request.get(post)).headers()['x-nextjs-cache'], { timeout: 15_000 }).toBe('HIT');

  const text = `Written before signing in ${Date.now().toString(36)}`;
  await page.getByRole('textbox', { name: 'Add a comment' }).fill(text);
  await page.getByRole('button', { name: 'Post comment' }).click();
  await expect(page).toHaveURL(/\/signin\?/);
  await expect(page.getByRole('status')).toHaveText(
    'Your comment is kept. Sign in, or create an account, and it is posted.',
  );
  const account = await insertReader();
  await page.getByLabel('Email', { exact: true }).fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`^[^?]*${post}[^?]*#comment-\\d+$`));
  const comment = page.locator(`#comment-${page.url().split('#comment-')[1]}`);
  await expect(comment).toContainText(text);
  await expect(comment).toContainText(account.name);
  // Posted once: the kept comment is gone.
  await page.goto('/comments/pending');
  await expect(page.getByRole('status')).toContainText('There is no comment waiting to be posted here');
});

test('a signed-in reader comments and replies; everyone sees it on the next request', async ({ page, browser }) => {
  // A post no other test comments on: the counts below are this test's own (the visitor test posts
  // on `post` at the same time).
  const post = '/posts/why-we-write-in-public';
  const blog = new BlogPage(page);
  const account = await signUp(page, post);
  const before = await blog.comments().count();

  await page.getByRole('textbox', { name: 'Add a comment' }).fill('Chard really **is** unkillable.');
  await page.getByRole('button', { name: 'Post comment' }).click();
  await expect(page).toHaveURL(/#comment-\d+$/);
  const id = page.url().split('#comment-')[1];
  const comment = page.locator(`#comment-${id}`);
  await expect(comment).toContainText('Chard really is unkillable.');
  await expect(comment.locator('strong')).toHaveText('is');
  await expect(comment.getByRole('link', { name: account.name })).toBeVisible();
  await expect(comment.locator('time')).toHaveText('just now');
  await expect(comment.locator('time')).toHaveAttribute('title', / UTC$/);
  await expect(blog.comments()).toHaveCount(before + 1);

  await comment.getByRole('link', { name: 'Reply' }).click();
  await comment.getByRole('textbox', { name: 'Your reply' }).fill('Replying to myself, as one does.');
  await comment.getByRole('button', { name: 'Post reply' }).click();
  await expect(page).toHaveURL(/\/posts\/why-we-write-in-public#comment-\d+$/);
  await expect(page).not.toHaveURL(new RegExp(`#comment-${id}$`));
  const replyId = page.url().split('#comment-')[1];
  // The reply is drawn inside its parent's thread.
  await expect(page.locator(`li:has(> #comment-${id}) #comment-${replyId}`)).toContainText('Replying to myself');

  const visitor = await browser.newPage();
  await visitor.goto(post);
  await expect(visitor.locator(`#comment-${id}`)).toContainText('Chard really is unkillable.');
  await expect(visitor.getByRole('heading', { name: `${before + 2} comments` })).toBeVisible();
  await visitor.goto('/');
  const card = visitor.getByRole('article').filter({ hasText: 'Why we write in public' });
  await expect(card.getByRole('link', { name: `${before + 2} comments` })).toBeVisible();
  await visitor.close();
});

test('the comment form works without JavaScript', async ({ browser }) => {
  const signer = await browser.newPage();
  const account = await signUp(signer);
  const state = await signer.context().storageState();
  await signer.close();

  const context = await browser.newContext({ javaScriptEnabled: false, storageState: state });
  const page = await context.newPage();
  await page.goto('/posts/hello-world');
  await page.getByRole('textbox', { name: 'Add a comment' }).fill('Posted with scripts switched off.');
  await page.getByRole('button', { name: 'Post comment' }).click();
  await expect(page).toHaveURL(/\/posts\/hello-world#comment-\d+$/);
  const id = page.url().split('#comment-')[1];
  await expect(page.locator(`#comment-${id}`)).toContainText('Posted with scripts switched off.');
  // Without scripts the date is absolute (the relative "just now" is a browser-side touch).
  await expect(page.locator(`#comment-${id} time`)).toHaveText(/^\d{1,2} \w+ \d{4}$/);

  // An error comes back as a page with the sentence and the text still in the box.
  await page.getByRole('textbox', { name: 'Add a comment' }).fill('Posted with scripts switched off.');
  await page.getByRole('button', { name: 'Post comment' }).click();
  await expect(page.getByText('You posted this same comment a few minutes ago.')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Add a comment' })).toHaveValue('Posted with scripts switched off.');

  // Liking too: each Like button submits the page's one Like form with its comment's id.
  await page.goto('/posts/hello-world');
  const first = page.locator('#comments article').first();
  const likedId = Number((await first.getAttribute('id'))!.replace('comment-', ''));
  const likes = () =>
    sql(
      `select count(*) as n from comment_likes l join users u on u.id = l.user_id where l.comment_id = ? and u.email = ?`,
      likedId,
      account.email,
    );
  expect(await likes()).toEqual([{ n: 0 }]);
  await first.getByRole('button', { name: 'Like', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/posts/hello-world#comment-${likedId}$`));
  expect(await likes()).toEqual([{ n: 1 }]);
  await context.close();
});

test('a refused reply without JavaScript comes back to its form, opened, with the sentence and the text', async ({
  browser,
}) => {
  const signer = await browser.newPage();
  await signUp(signer);
  const state = await signer.context().storageState();
  await signer.close();

  const context = await browser.newContext({ javaScriptEnabled: false, storageState: state });
  const page = await context.newPage();
  const text = `A reply sent twice ${Date.now().toString(36)}`;
  const reply = async () => {
    await page.goto('/posts/hello-world');
    const parent = page.locator('[id^="comment-"]').first();
    const parentId = (await parent.getAttribute('id'))!.replace('comment-', '');
    await parent.getByRole('link', { name: 'Reply' }).click();
    await page.getByRole('textbox', { name: 'Your reply' }).fill(text);
    await page.getByRole('button', { name: 'Post reply' }).click();
    return parentId;
  };
  const parentId = await reply();
  await expect(page).toHaveURL(new RegExp(`/posts/hello-world#comment-(?!${parentId}$)\\d+$`));
  await expect(page.locator(`#comment-${page.url().split('#comment-')[1]}`)).toContainText(text);

  await reply();
  await expect(page).toHaveURL(new RegExp(`[?&]reply=${parentId}&problem=[^#]+#comment-${parentId}$`));
  const form = page.locator(`li:has(> #comment-${parentId})`).first();
  await expect(form.getByRole('alert')).toHaveText('You posted this same comment a few minutes ago.');
  await expect(page.getByRole('textbox', { name: 'Your reply' })).toHaveValue(text);
  // The main form is not the one refused: empty, and no sentence under it.
  await expect(page.getByRole('textbox', { name: 'Add a comment' })).toHaveValue('');
  await context.close();
});

test('the comment form refuses a post from another site, and posts nothing', async ({ page }) => {
  // A signed-in reader's cookies go with the post, as they would from a page on another site.
  await signUp(page);
  const [{ id }] = (await sql<{ id: number }>(`select id from posts where slug = 'hello-world'`)) as [{ id: number }];
  const text = `Sent from a page on another site ${Date.now().toString(36)}`;
  const response = await page.request.post(`/api/posts/${id}/comments`, {
    headers: { origin: 'https://elsewhere.example' },
    form: { body: text },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(403);
  expect(await response.text()).toBe('This form was sent from another site.');
  expect(await sql('select count(*) as total from comments where body_markdown = ?', text)).toEqual([{ total: 0 }]);
});

test('bad comments get a sentence and keep the text: empty, too long, repeated, too fast', async ({ page }) => {
  await signUp(page, '/posts/hello-world');
  const box = page.getByRole('textbox', { name: 'Add a comment' });
  const send = page.getByRole('button', { name: 'Post comment' });

  await box.fill('   ');
  await send.click();
  await expect(page.getByText('Write something before posting.')).toBeVisible();

  // The box stops typing at 5,000 characters; the server's own limit is what is tested here.
  await box.evaluate((element) => element.removeAttribute('maxlength'));
  await box.fill('y'.repeat(5001));
  await send.click();
  await expect(page.getByText('Keep your comment under 5,000 characters.')).toBeVisible();
  await expect(box).toHaveValue('y'.repeat(5001));

  await box.fill('Saying this once.');
  await send.click();
  await expect(page).toHaveURL(/#comment-\d+$/);
  await box.fill('Saying this once.');
  await send.click();
  await expect(page.getByText('You posted this same comment a few minutes ago.')).toBeVisible();
  await expect(box).toHaveValue('Saying this once.');

  // A new account (under a day old) may post NEW_ACCOUNT_COMMENTS_PER_MINUTE comments a minute.
  for (let index = 2; index <= NEW_ACCOUNT_COMMENTS_PER_MINUTE; index++) {
    await box.fill(`Quick comment number ${index}`);
    await send.click();
    await expect(page.getByText(`Quick comment number ${index}`)).toBeVisible();
  }
  await box.fill('One too many');
  await send.click();
  await expect(page.getByText('You are commenting very quickly. Wait a minute, then post again.')).toBeVisible();
  await expect(box).toHaveValue('One too many');
});

test('a comment sent after the session ended is kept for signing in, never posted as nobody', async ({ page }) => {
  await signUp(page, '/posts/hello-world');
  const box = page.getByRole('textbox', { name: 'Add a comment' });
  await expect(box).toBeVisible();
  // The form is on screen; the session is gone before it is sent, as for a direct call to the action.
  await page.context().clearCookies();
  await box.fill('Sneaking in without an account.');
  await page.getByRole('button', { name: 'Post comment' }).click();
  await expect(page).toHaveURL(/\/signin\?/);
  await expect(page.getByRole('status')).toContainText('Your comment is kept.');
  await page.goto('/posts/hello-world');
  await expect(page.getByText('Sneaking in without an account.')).toHaveCount(0);
});

test('comment text is sanitised: scripts and event handlers never run', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  await signUp(page, '/posts/hello-world');
  await page
    .getByRole('textbox', { name: 'Add a comment' })
    .fill('**safe**\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(2)> [click](javascript:alert(3))');
  await page.getByRole('button', { name: 'Post comment' }).click();
  await expect(page).toHaveURL(/#comment-\d+$/);
  const comment = page.locator(`#comment-${page.url().split('#comment-')[1]}`);
  await expect(comment.locator('strong')).toHaveText('safe');
  await expect(comment.locator('script, img, [onerror]')).toHaveCount(0);
  await comment
    .getByText('click')
    .click()
    .catch(() => undefined);
  expect(dialogs).toEqual([]);
});

test('authors edit within the window and delete their comments; a deleted comment with replies leaves a placeholder', async ({
  page,
  browser,
}) => {
  const blog = new BlogPage(page);
  await signUp(page, '/posts/slow-mornings-and-the-first-draft');
  const box = page.getByRole('textbox', { name: 'Add a comment' });
  await box.fill('First thoughts, typo includde.');
  await page.getByRole('button', { name: 'Post comment' }).click();
  await expect(page).toHaveURL(/#comment-\d+$/);
  const id = page.url().split('#comment-')[1]!;
  const comment = page.locator(`#comment-${id}`);

  await comment.getByRole('link', { name: 'Edit' }).click();
  const editor = comment.getByRole('textbox', { name: 'Edit your comment' });
  await expect(editor).toHaveValue('First thoughts, typo includde.');
  await editor.fill('First thoughts, typo fixed.');
  await comment.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.locator(`#comment-${id}`)).toContainText('First thoughts, typo fixed.');
  await expect(page.locator(`#comment-${id}`)).toContainText('(edited)');

  // Someone else replies, then the author deletes: the thread keeps a placeholder.
  const other = await browser.newPage();
  await signUp(other, `/posts/slow-mornings-and-the-first-draft?reply=${id}#comment-${id}`);
  await other.getByRole('textbox', { name: 'Your reply' }).fill('A reply that should stay readable.');
  await other.getByRole('button', { name: 'Post reply' }).click();
  // The reply form is opened at `#comment-<parent>`: wait for the new reply's own address.
  await expect(other).toHaveURL(new RegExp(`#comment-(?!${id}$)\\d+$`));
  await other.close();

  await page.reload();
  await page.locator(`#comment-${id}`).getByRole('button', { name: 'Delete' }).click();
  await expect(page.locator(`#comment-${id}`)).toHaveText('[deleted]');
  await expect(page.getByText('A reply that should stay readable.')).toBeVisible();
  await expect(blog.comments().filter({ hasText: 'First thoughts' })).toHaveCount(0);
  // Counts everywhere drop on the next request: only the reply is a comment now.
  await expect(page.getByRole('heading', { name: '1 comment', exact: true })).toBeVisible();
  await page.goto('/');
  await expect(
    page
      .getByRole('article')
      .filter({ hasText: 'Slow mornings and the first draft' })
      .getByRole('link', { name: '1 comment', exact: true }),
  ).toBeVisible();
  await page.goto('/posts/slow-mornings-and-the-first-draft');

  // A deleted comment without replies disappears entirely.
  await box.fill('This one will vanish.');
  await page.getByRole('button', { name: 'Post comment' }).click();
  await expect(page).toHaveURL(/#comment-\d+$/);
  const lonely = page.url().split('#comment-')[1]!;
  await page.locator(`#comment-${lonely}`).getByRole('button', { name: 'Delete' }).click();
  await expect(page.locator(`#comment-${lonely}`)).toHaveCount(0);
});

test('the edit window closes after 15 minutes, on the server too', async ({ page, request }) => {
  await signUp(page, '/posts/backing-up-what-matters');
  await page.getByRole('textbox', { name: 'Add a comment' }).fill('Written long ago, supposedly.');
  await page.getByRole('button', { name: 'Post comment' }).click();
  await expect(page).toHaveURL(/#comment-\d+$/);
  const id = Number(page.url().split('#comment-')[1]);
  await page.locator(`#comment-${id}`).getByRole('link', { name: 'Edit' }).click();
  const editor = page.getByRole('textbox', { name: 'Edit your comment' });
  await expect(editor).toBeVisible();
  // Age the comment past the window while its edit form is open. A write behind the server's back:
  // its tags are dropped as Quire's own tools do (the viewer's answer, kept in memory, would
  // otherwise run out only when the real window does).
  await sql('update comments set created_at = ? where id = ?', at(Date.now() - 16 * 60_000), id);
  await refreshCache(request, ['post:backing-up-what-matters']);
  await editor.fill('Too late to change this.');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(
    page.getByText('This comment can no longer be edited: comments can be edited for 15 minutes.'),
  ).toBeVisible();
  await page.goto('/posts/backing-up-what-matters');
  await expect(page.locator(`#comment-${id}`)).toContainText('Written long ago, supposedly.');
  await expect(page.locator(`#comment-${id}`).getByRole('link', { name: 'Edit' })).toHaveCount(0);
});

test('readers like (once, toggled) and report (once, with a reason) other people’s comments', async ({
  page,
  browser,
}) => {
  await signUp(page, '/posts/how-comments-should-work');
  const target = page.locator('#comment-8');
  // No count is shown until someone likes it.
  await expect(target.getByRole('button', { name: 'Like', exact: true })).toBeVisible();
  await expect(target).not.toContainText(/\d+ likes?/);
  await target.getByRole('button', { name: 'Like' }).click();
  await expect(page.locator('#comment-8')).toContainText('1 like');
  await expect(page.locator('#comment-8').getByRole('button', { name: 'Unlike' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );

  const visitor = await browser.newPage();
  await visitor.goto('/posts/how-comments-should-work');
  await expect(visitor.locator('#comment-8')).toContainText('1 like');
  await visitor.close();

  await page.locator('#comment-8').getByRole('button', { name: 'Unlike' }).click();
  await expect(page.locator('#comment-8').getByRole('button', { name: 'Like', exact: true })).toBeVisible();
  await expect(page.locator('#comment-8')).not.toContainText(/\d+ likes?/);

  await page.locator('#comment-8').getByRole('link', { name: 'Report' }).click();
  await page.getByRole('radio', { name: 'Something else' }).check();
  await page.getByRole('button', { name: 'Send report' }).click();
  await expect(page.getByText('Say what is wrong with this comment.')).toBeVisible();
  await page.getByRole('textbox', { name: /Details/ }).fill('It links to <script>alert(1)</script> a scam.');
  await page.getByRole('button', { name: 'Send report' }).click();
  await expect(page.getByText('Thank you. A moderator will look at this comment.')).toBeVisible();
  await page.goto('/posts/how-comments-should-work');
  await expect(page.locator('#comment-8').getByText('Reported')).toBeVisible();

  const [report] = await sql(
    "select reason, details from comment_reports where comment_id = 8 and details like '%scam%'",
  );
  expect(report).toEqual({ reason: 'other', details: 'It links to <script>alert(1)</script> a scam.' });
});

test('long discussions are paged fifty threads at a time; permalinks and new comments open the right page', async ({
  page,
  request,
}) => {
  const slug = 'reading-list-for-the-winter';
  const db = openTestDatabase();
  const ids: number[] = [];
  try {
    const [{ id: postId }] = (await db.all<{ id: number }>('select id from posts where slug = ?', slug)) as [
      { id: number },
    ];
    for (let index = 1; index <= 60; index++) {
      const [row] = await db.all<{ id: number }>(
        `insert into comments (post_id, author_name, body_markdown, body_html, status, created_at) values (?, 'Reader', ?, ?, 'visible', ?) returning id`,
        postId,
        `Book ${index}`,
        `<p>Book number ${index}</p>`,
        at(Date.now() - (100 - index) * 60_000),
      );
      ids.push(row!.id);
    }
  } finally {
    await db.close();
  }
  await refreshCache(request, [`post:${slug}`, 'post-lists']);

  const blog = new BlogPage(page);
  await page.goto(`/posts/${slug}`);
  await expect(page.getByRole('heading', { name: '60 comments' })).toBeVisible();
  await expect(blog.comments()).toHaveCount(50);
  await expect(page.getByText('Comments page 1 of 2')).toBeVisible();
  await page.getByRole('link', { name: 'Newer comments →' }).click();
  await expect(page).toHaveURL(new RegExp(`/posts/${slug}/comments/2#comments$`));
  await expect(blog.comments()).toHaveCount(10);
  await expect(page.getByText('Book number 60')).toBeVisible();
  await page.getByRole('link', { name: '← Older comments' }).click();
  await expect(page.getByText('Book number 1', { exact: true })).toBeVisible();

  await page.goto(`/comments/${ids[54]}`);
  await expect(page).toHaveURL(new RegExp(`/posts/${slug}/comments/2#comment-${ids[54]}$`));
  await expect(page.locator(`#comment-${ids[54]}`)).toContainText('Book number 55');
  expect((await request.get(`/posts/${slug}/comments/3`)).status()).toBe(404);

  // Newest first, on request: threads reversed, paged the same way.
  await page.goto(`/posts/${slug}`);
  await page.getByRole('link', { name: 'newest first' }).click();
  await expect(page).toHaveURL(new RegExp(`/posts/${slug}/comments/newest#comments$`));
  await expect(blog.comments().first()).toContainText('Book number 60');
  await expect(blog.comments()).toHaveCount(50);
  await page.getByRole('link', { name: 'Older comments →' }).click();
  await expect(page).toHaveURL(new RegExp(`/posts/${slug}/comments/newest/2#comments$`));
  await expect(blog.comments().last()).toContainText('Book number 1');
  expect((await request.get(`/posts/${slug}/comments/newest/3`)).status()).toBe(404);
  expect((await request.get(`/posts/${slug}/comments/oldest`)).status()).toBe(404);

  // Signed in, the same addresses show the same page with the reader's forms.
  await signUp(page, `/posts/${slug}/comments/newest/2`);
  await expect(page.getByRole('textbox', { name: 'Add a comment' })).toBeVisible();
  await expect(blog.comments()).toHaveCount(10);
  await expect(blog.comments().last()).toContainText('Book number 1');
  expect((await request.get('/comments/99999999')).status()).toBe(404);

  // A new comment opens on the page where it lands: the 61st thread on page 2.
  const onPageTwo = await postComment(page, slug, 'The sixty-first thread.');
  await expect(page).toHaveURL(new RegExp(`/posts/${slug}/comments/2#comment-${onPageTwo}$`));
  await expect(page.locator(`#comment-${onPageTwo}`)).toContainText('The sixty-first thread.');
  // Twelve of the first threads go away behind the server's back (a tool's write to the database):
  // the next comment is the 50th thread, on page 1, though the server last placed one on page 2.
  const tool = openTestDatabase();
  try {
    await tool.all(`delete from comments where id in (${ids.slice(0, 12).join(', ')})`);
  } finally {
    await tool.close();
  }
  const onPageOne = await postComment(page, slug, 'Back on the first page.');
  await expect(page).toHaveURL(new RegExp(`/posts/${slug}#comment-${onPageOne}$`));
  await expect(page.locator(`#comment-${onPageOne}`)).toContainText('Back on the first page.');
});

test('closed comments: a sentence instead of the form, and the server refuses new ones', async ({
  page,
  browser,
  request,
}) => {
  const slug = 'walking-the-old-canal-path';
  await signUp(page, `/posts/${slug}`);
  const box = page.getByRole('textbox', { name: 'Add a comment' });
  await expect(box).toBeVisible();
  // The reader's state has come (it would say the comments are closed, once they are).
  await expect(page.locator('#comments').getByText('Signed in as')).toBeVisible();

  await sql('update posts set comments_open = false where slug = ?', slug);
  await refreshCache(request, [`post:${slug}`]);

  // The form was already on screen: the server still refuses.
  await box.fill('Slipping in after closing time.');
  await page.getByRole('button', { name: 'Post comment' }).click();
  await expect(page.getByRole('main').getByRole('alert')).toHaveText('Comments are closed on this post.');
  await page.goto(`/posts/${slug}`);
  await expect(page.getByText('Comments are closed on this post.')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Add a comment' })).toHaveCount(0);
  await expect(page.getByText('Slipping in after closing time.')).toHaveCount(0);

  const visitor = await browser.newPage();
  await visitor.goto(`/posts/${slug}`);
  await expect(visitor.getByText('Comments are closed on this post.')).toBeVisible();
  await expect(visitor.locator('#comments').getByRole('link', { name: 'Sign in' })).toHaveCount(0);
  await visitor.close();
});

test('a signed-in reader gets the same cached page as visitors; only the per-request variants are rendered for them', async ({
  page,
}) => {
  const account = await signUp(page, post);
  await page.request.get(post);
  const shared = await page.request.get(post);
  expect(shared.headers()['x-nextjs-cache']).toBe('HIT');
  const html = await shared.text();
  expect(html).not.toContain(account.name);
  expect(html).not.toContain(account.email);
  // An address that opens a form is rendered per request, in the same server (a relative rewrite:
  // an absolute URL here would mean it proxied the request to itself).
  const reply = await page.request.get(`${post}?notice=Hello`);
  expect(reply.status()).toBe(200);
  expect(reply.headers()['x-middleware-rewrite']).toMatch(new RegExp(`^${post}/per-request(\\?|$)`));
  expect(await reply.text()).toContain(account.name);
});

test('the viewer request names the signed-in reader, and nobody for a forged or ended session', async ({
  page,
  playwright,
}) => {
  const account = await signUp(page, post);
  const [{ id }] = (await sql<{ id: number }>('select id from posts where slug = ?', post.split('/').pop())) as [
    { id: number },
  ];
  const viewerPath = `/api/posts/${id}/viewer`;
  const mine = await page.request.get(viewerPath);
  expect(mine.headers()['cache-control']).toBe('private, no-store');
  expect((await mine.json()).user).toMatchObject({ name: account.name });

  // The same request with a made-up session cookie, and with none: a visitor's answer.
  const baseURL = new URL(page.url()).origin;
  for (const cookie of ['authjs.session-token=forged.token.value; quire-signed-in=1', undefined]) {
    const other = await playwright.request.newContext({ baseURL, extraHTTPHeaders: cookie ? { cookie } : {} });
    const answer = await other.get(viewerPath);
    expect(answer.status()).toBe(200);
    expect((await answer.json()).user, cookie ?? 'no cookie').toBeNull();
    await other.dispose();
  }
  // Not a post: a sentence, not a crash.
  const bad = await page.request.get('/api/posts/not-a-number/viewer');
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error).toBe('Not a post number.');

  // Signed out everywhere (the account's session version moves on): the old cookie names nobody.
  await sql('update users set session_version = session_version + 1 where email = ?', account.email);
  expect((await (await page.request.get(viewerPath)).json()).user).toBeNull();
});

test('what a reader sees of a post follows writes made elsewhere on their very next view (its answers are kept in memory)', async ({
  page,
  browser,
}) => {
  const slug = post.split('/').pop()!;
  const account = await signUp(page, post);
  const follow = page.getByTestId('follow-form');
  await page.goto(post);
  await expect(follow).toContainText('Get an email when someone comments on this post.');
  // A second view: its viewer answer now comes from memory.
  await page.reload();
  await expect(follow).toContainText('Get an email when someone comments on this post.');
  const moderator = await signedInContext(browser, 'moderator');
  const held = moderator.page.getByRole('heading', { name: 'Held for moderation' }).locator('..');
  await moderator.page.goto(post);
  await moderator.page.reload();
  await expect(moderator.page.getByTestId('follow-form')).toBeVisible();

  // The same account in another browser follows the post and reports a comment: neither changes the
  // shared page, and this browser's revision cookie stays as it was.
  const otherBrowser = await browser.newContext();
  const other = await otherBrowser.newPage();
  await signIn(other, account.email, account.password, post);
  await other.getByTestId('follow-form').getByRole('button', { name: 'Follow' }).click();
  await expect(other.getByTestId('follow-form')).toContainText('You get an email when someone comments on this post.');
  await page.reload();
  await expect(follow).toContainText('You get an email when someone comments on this post.');
  const [{ id: reportedId }] = (await sql<{ id: number }>(
    `select comments.id from comments join posts on posts.id = comments.post_id
     where posts.slug = ? and comments.status = 'visible' and comments.author_id <> ? order by comments.id limit 1`,
    slug,
    (await sql<{ id: string }>('select id from users where email = ?', account.email))[0]!.id,
  )) as [{ id: number }];
  await other.goto(`${post}?report=${reportedId}#comment-${reportedId}`);
  await other.getByRole('radio', { name: 'Spam' }).check();
  await other.getByRole('button', { name: 'Send report' }).click();
  await expect(other.getByText('Thank you. A moderator will look at this comment.')).toBeVisible();
  await otherBrowser.close();
  await page.reload();
  await expect(page.locator(`#comment-${reportedId}`).getByText('Reported', { exact: true })).toBeVisible();

  // A comment held for its links is not on the shared page: the moderator's next view shows it.
  const text = `Three links ${Date.now().toString(36)}: https://a.example https://b.example https://c.example`;
  const heldId = await postComment(page, slug, text);
  await expect(page.locator(`#comment-${heldId}`)).toContainText('Awaiting approval');
  await moderator.page.reload();
  await expect(held).toContainText(text.slice(0, 20));
  await moderator.context.close();

  // A ban written straight to the database (as another process would): the account's standing is
  // read on every view, so the next one shows it.
  await sql(
    "update users set banned_until = ?, ban_reason = 'Testing' where email = ?",
    at(Date.now() + 86_400_000),
    account.email,
  );
  await page.goto(post);
  await expect(page.getByText(/You are banned from commenting until .*Reason: Testing\./)).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Add a comment' })).toHaveCount(0);
});
