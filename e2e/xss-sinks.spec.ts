import { expect, test, type Browser, type Page } from '@playwright/test';
import sharp from 'sharp';
import { xssPayloads } from '../tests/xss-corpus';
import { demoPassword, signIn, signUp, type Account } from './support/accounts';
import { createPost, expectSaved, signInAs, uniqueTitle } from './support/editor';
import { postComment, sql } from './support/people';
import { at } from './support/database';
import {
  expectInert,
  findRunnableMarkup,
  mailHtmlTo,
  readFeed,
  renderFeed,
  renderMail,
  watchContext,
} from './support/xss';

// Every place a person can type text that others see, filled with markup that tries to run, and every
// page, feed and email that shows it, opened as each role: nothing may run, and the text shows as
// text. The tests build on each other (the post, then its feeds, then comments on it), so they run
// in order.
test.describe.configure({ mode: 'serial' });

const markup = {
  image: '<img src=x onerror=alert(1)>',
  svg: '"><svg onload=alert(2)>',
  script: '</script><script>alert(3)</script>',
};
const mixed = `${markup.image} ${markup.svg} ${markup.script}`;
const stamp = uniqueTitle('xss').split(' ')[1]!;

// Filled in by the first tests, read by the later ones.
const post = {
  title: `Sinks ${stamp} ${mixed}`,
  excerpt: `Excerpt ${mixed}`,
  labels: [`x${stamp} ${markup.image}`, markup.svg],
  slug: '',
  labelPath: '',
};
const people: { plain?: Account; hostile?: Account; hostileName: string; replyId: number; heldId: number } = {
  hostileName: `Eve ${markup.image}`,
  replyId: 0,
  heldId: 0,
};

/** A fresh context whose pages are all watched; signed in as a demo role when one is given. */
async function watched(browser: Browser, role?: 'admin' | 'author' | 'moderator' | 'reader') {
  const context = await browser.newContext();
  const ran = watchContext(context);
  const page = await context.newPage();
  if (role) await signInAs(page, role, '/');
  return { context, page, ran };
}

async function visit(page: Page, ran: string[], path: string) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBe(200);
  await expectInert(page, ran, path);
}

test('the checks themselves catch markup that runs: unescaped payloads fail them', async ({ browser }) => {
  // Without this, a check that never fires would pass every test below.
  const { context, page, ran } = await watched(browser);
  await page.setContent(`<main>${markup.image}<a href="javascript:alert(4)">x</a></main>`);
  await page.waitForTimeout(300);
  expect(await findRunnableMarkup(page)).toEqual([
    expect.stringContaining('event handler onerror'),
    expect.stringContaining('script URL'),
  ]);
  expect(ran).toEqual([expect.stringContaining('alert "1"')]);
  ran.length = 0;
  const shown = await renderMail(page, `<p>${xssPayloads[0]}</p>`);
  expect(shown).not.toContain(xssPayloads[0]);
  expect(await findRunnableMarkup(page)).toEqual([expect.stringContaining('script: <script>alert(1)</script>')]);
  const feed = { text: [], html: [`<svg onload=alert(5)>`] };
  await renderFeed(page, feed, []);
  expect(await findRunnableMarkup(page)).toEqual([expect.stringContaining('event handler onload')]);
  await context.close();
});

test('an author’s title, excerpt, body, labels, cover description and SEO fields stay inert in the editor, its history, the preview and the dashboard', async ({
  browser,
}) => {
  const author = await watched(browser, 'author');
  const { page } = author;
  const id = await createPost(page, post.title, 'Opening line.');
  await page.getByLabel('Excerpt', { exact: true }).fill(post.excerpt);
  for (const label of post.labels) {
    await page.getByLabel('Labels', { exact: true }).fill(label);
    await page.getByLabel('Labels', { exact: true }).press('Enter');
  }
  await page.getByLabel('Upload a cover image').setInputFiles({
    name: 'cover.png',
    mimeType: 'image/png',
    buffer: await sharp({ create: { width: 800, height: 420, channels: 3, background: { r: 90, g: 60, b: 160 } } })
      .png()
      .toBuffer(),
  });
  await page.getByLabel('Cover description', { exact: true }).fill(`Cover ${mixed}`);
  await page.getByLabel('SEO title', { exact: true }).fill(`SEO ${mixed}`);
  await page.getByLabel('SEO description', { exact: true }).fill(`Described ${mixed}`);
  await page.getByRole('button', { name: 'Markdown' }).click();
  const source = page.getByRole('textbox', { name: 'Markdown source' });
  await source.fill(`Opening line.\n\n${xssPayloads.join('\n\n')}\n`);
  await expectSaved(page);
  await page.getByRole('button', { name: 'Publish now' }).click();
  await expect(page.getByTestId('post-status')).toContainText('Published');
  post.slug = await page.getByLabel('Slug', { exact: true }).inputValue();
  expect(post.slug).not.toBe('');

  // A change after publishing, so the history has something to compare.
  await source.fill(`Opening line.\n\nAdded later: ${mixed}\n\n${xssPayloads.join('\n\n')}\n`);
  await expectSaved(page);
  await page.getByRole('button', { name: 'History' }).click();
  await page
    .getByRole('button', { name: /^Compare/ })
    .first()
    .click();
  await expect(page.getByTestId('revision-diff')).toContainText(`Added later: ${mixed}`);
  await expectInert(page, author.ran, 'the editor with its history');
  const [preview] = await Promise.all([
    page.waitForEvent('popup'),
    page.getByRole('button', { name: 'Preview' }).click(),
  ]);
  await expect(preview.getByRole('heading', { level: 1 })).toHaveText(post.title);
  await expectInert(preview, author.ran, 'the preview');
  await preview.close();
  // The editor opened afresh: Tiptap parses the stored body into its own document, drawn once the
  // page has hydrated, so the check waits for the body's text before it looks.
  await page.goto(`/dashboard/posts/${id}`);
  await expect(page.getByRole('textbox', { name: 'Post body' })).toContainText('Added later');
  await expectInert(page, author.ran, 'the editor opened afresh');
  await expect(page.getByRole('textbox', { name: 'Title', exact: true })).toHaveValue(post.title);
  await visit(page, author.ran, '/dashboard');
  await expect(page.getByText(post.title, { exact: true })).toBeVisible();
  await visit(page, author.ran, `/posts/${post.slug}`);
  await author.context.close();
});

test('visitors’ pages, the RSS, Atom and label feeds shown as a feed reader shows them, and search run nothing', async ({
  browser,
  request,
}) => {
  const reader = await watched(browser);
  const { page, ran } = reader;
  await visit(page, ran, `/posts/${post.slug}`);
  const article = page.locator('main article').first();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(post.title);
  await expect(page.locator('article .prose')).toContainText('Opening line.');
  await expect(article.getByRole('img', { name: `Cover ${mixed}` })).toBeVisible();
  expect(await page.title()).toContain(`SEO ${mixed}`);
  await expect(page.locator('head meta[name="description"]')).toHaveAttribute('content', `Described ${mixed}`);
  const label = page.getByRole('list', { name: 'Labels' }).getByRole('link', { name: post.labels[0] });
  post.labelPath = (await label.getAttribute('href'))!;
  const authorPath = (await page.locator('main a[rel="author"]').first().getAttribute('href'))!;
  for (const path of ['/', post.labelPath, authorPath, '/archive']) {
    await visit(page, ran, path);
    if (path !== '/archive') await expect(page.getByRole('link', { name: post.title })).toBeVisible();
  }
  for (const path of ['/feed.xml', '/atom.xml', `${post.labelPath}/feed.xml`]) {
    const feed = await readFeed(request, path);
    const ours = feed.items.find((item) => item.text[0] === post.title);
    expect(ours, `${path} lists the post`).toBeDefined();
    expect(ours!.html.join('\n'), path).toContain('Opening line.');
    const shown = await renderFeed(page, feed.channel, feed.items);
    await expectInert(page, ran, path);
    // The title and excerpt are shown as the characters typed.
    expect(shown, path).toContain(post.title);
    expect(shown, path).toContain(post.excerpt);
  }

  const query = `${markup.image} ${markup.svg}`;
  await visit(page, ran, `/search?q=${encodeURIComponent(query)}`);
  await expect(page.locator('#search-query')).toHaveValue(query);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(query);
  await visit(page, ran, `/search?q=${encodeURIComponent(`Sinks ${stamp}`)}`);
  await expect(page.getByRole('link', { name: post.title })).toBeVisible();
  await reader.context.close();
});

test('a reader’s name, bio, comment and report details stay inert on the post, the account page, the comment feeds and in the reply email', async ({
  browser,
  request,
}) => {
  const plain = await watched(browser);
  people.plain = await signUp(plain.page);
  const parentId = await postComment(plain.page, post.slug, `A plain question ${stamp}`);

  const hostile = await watched(browser);
  people.hostile = await signUp(hostile.page, '/account');
  // Older than a day, so the new-account comment limit stays out of this test (the UI cannot age one).
  await sql('update users set created_at = ? where email = ?', at(Date.now() - 2 * 86_400_000), people.hostile.email);
  await hostile.page.getByLabel('Name').fill(people.hostileName);
  await hostile.page.getByLabel('Bio').fill(`Bio ${mixed}`);
  await hostile.page.getByRole('button', { name: 'Save profile' }).click();
  await expect(hostile.page.getByRole('status')).toHaveText('Your profile is saved.');
  people.replyId = await postComment(
    hostile.page,
    post.slug,
    `Reply ${stamp}\n\n${xssPayloads.join('\n\n')}`,
    parentId,
  );
  await hostile.page.goto(`/posts/${post.slug}?report=${parentId}#comment-${parentId}`);
  await hostile.page.getByRole('radio', { name: 'Something else' }).check();
  await hostile.page.getByRole('textbox', { name: /Details/ }).fill(`Details ${mixed}`);
  await hostile.page.getByRole('button', { name: 'Send report' }).click();
  await expect(hostile.page.getByText('Thank you. A moderator will look at this comment.')).toBeVisible();
  await expectInert(hostile.page, hostile.ran, 'the post after reporting');
  await visit(hostile.page, hostile.ran, `/posts/${post.slug}`);
  await expect(hostile.page.locator(`#comment-${people.replyId}`)).toContainText(people.hostileName);
  await visit(hostile.page, hostile.ran, '/account');
  await expect(hostile.page.getByLabel('Bio')).toHaveValue(`Bio ${mixed}`);
  // The comment feeds: the name and the post's title as text, the comment as sanitised HTML.
  for (const path of ['/comments/feed.xml', `/posts/${post.slug}/comments/feed.xml`]) {
    const feed = await readFeed(request, path);
    const ours = feed.items.find((item) => item.text[1] === people.hostileName);
    expect(ours, `${path} has the reply`).toBeDefined();
    expect(ours!.html.join('\n'), path).toContain(`Reply ${stamp}`);
    const shown = await renderFeed(hostile.page, feed.channel, feed.items);
    await expectInert(hostile.page, hostile.ran, path);
    expect(shown, path).toContain(`${people.hostileName} on “${post.title}”`);
  }
  await hostile.context.close();

  // The reply notification: the replier's name, the post's title and the reply, escaped in its HTML.
  let mail = '';
  await expect
    .poll(
      () => (mail = mailHtmlTo(people.plain!.email).find((html) => html.includes('replied to your comment')) ?? ''),
      {
        timeout: 10_000,
      },
    )
    .not.toBe('');
  const shown = await renderMail(plain.page, mail);
  await expectInert(plain.page, plain.ran, 'the reply email');
  expect(shown).toContain(`${people.hostileName} replied to your comment on “${post.title}”`);
  expect(shown).toContain(xssPayloads[0]);
  await plain.context.close();
});

test('a held comment’s queue email and the held queue stay inert for the moderator', async ({ browser }) => {
  const hostile = people.hostile!;
  const moderator = await watched(browser, 'moderator');
  const mod = moderator.page;
  // Ask for the queue email (left on: the moderation spec turns it on too, and may be waiting for one).
  await mod.goto('/account');
  await mod.getByLabel('Email me when a comment enters the moderation queue').check();
  await mod.getByRole('button', { name: 'Save email settings' }).click();
  await expect(mod.getByRole('status')).toHaveText('Your email settings are saved.');

  // More links than the default rule allows: held, and the moderators who asked get an email.
  const writer = await watched(browser);
  await signIn(writer.page, hostile.email, hostile.password, `/posts/${post.slug}`);
  await expect(writer.page).not.toHaveURL(/\/signin/);
  people.heldId = await postComment(
    writer.page,
    post.slug,
    `Held ${stamp} https://a.example https://b.example https://c.example\n\n${mixed}`,
  );
  await expect(writer.page.locator(`#comment-${people.heldId}`)).toContainText('Awaiting approval');
  const moderatorEmail = demoPassword('moderator').email;
  let mail = '';
  await expect
    .poll(
      () => (mail = mailHtmlTo(moderatorEmail).find((html) => html.includes(`Comment ${people.heldId} entered`)) ?? ''),
      { timeout: 10_000 },
    )
    .not.toBe('');
  await renderMail(mod, mail);
  await expectInert(mod, moderator.ran, 'the queue email');
  await visit(mod, moderator.ran, '/moderation?tab=held');
  await expect(mod.getByRole('listitem', { name: new RegExp(`^Comment ${people.heldId} by`) })).toContainText(mixed);
  await writer.context.close();
  await moderator.context.close();
});

test('a moderator’s removal and ban reasons, and everything readers typed, stay inert in the queue, the log and the user page', async ({
  browser,
}) => {
  const hostile = people.hostile!;
  const hostileId = (await sql<{ id: string }>('select id from users where email = ?', hostile.email))[0]!.id;
  const moderator = await watched(browser, 'moderator');
  const mod = moderator.page;
  const writer = await watched(browser);
  await signIn(writer.page, hostile.email, hostile.password, '/account');
  await expect(writer.page).not.toHaveURL(/\/signin/);

  // Removal with the moderator's own words, then a timed ban with a reason.
  const removal = `Removed ${mixed}`;
  await mod.goto(`/posts/${post.slug}?remove=${people.replyId}#comment-${people.replyId}`);
  const reply = mod.locator(`#comment-${people.replyId}`);
  await reply.getByRole('combobox', { name: 'Reason' }).selectOption('other');
  await reply.getByRole('textbox', { name: 'Other reason' }).fill(removal);
  await reply.getByRole('button', { name: 'Remove comment' }).click();
  await expect(mod.getByRole('status')).toContainText('Removed 1 comment.');
  await expectInert(mod, moderator.ran, 'the post after a removal');
  const ban = `Banned ${mixed}`;
  await mod.goto(`/moderation/users/${hostileId}`);
  await mod.getByLabel('1 day').check();
  await mod.getByLabel('Reason (shown to them)').fill(ban);
  await mod.getByRole('button', { name: 'Ban', exact: true }).click();
  await expect(mod.getByRole('status')).toContainText('is banned until');
  await expectInert(mod, moderator.ran, 'the user page after a ban');
  await expect(mod.getByRole('heading', { level: 1 })).toHaveText(people.hostileName);
  await expect(mod.getByText(`Reason: ${ban}`)).toBeVisible();

  for (const path of [
    '/moderation?tab=reported',
    '/moderation?tab=removed',
    `/moderation?tab=all&q=${encodeURIComponent(stamp)}`,
    '/moderation/log',
    `/posts/${post.slug}`,
    // Notices come back in the address after an action: reflected text.
    `/moderation/users/${hostileId}?notice=${encodeURIComponent(mixed)}&problem=${encodeURIComponent(mixed)}`,
  ]) {
    await visit(mod, moderator.ran, path);
  }
  await mod.goto('/moderation?tab=reported');
  await expect(mod.getByText(`Details ${mixed}`, { exact: false })).toBeVisible();
  await mod.goto('/moderation/log');
  await expect(mod.getByRole('row').filter({ hasText: removal }).first()).toBeVisible();
  await moderator.context.close();

  // The banned reader sees both reasons, as text.
  await visit(writer.page, writer.ran, `/posts/${post.slug}`);
  await expect(writer.page.locator(`#comment-${people.replyId}`)).toContainText(removal);
  await expect(writer.page.getByRole('alert').filter({ hasText: 'banned' })).toContainText(ban);
  await visit(writer.page, writer.ran, '/account');
  await writer.context.close();
});

test('an admin’s site title and description stay inert on pages and in feeds; the admin’s user list too', async ({
  browser,
  request,
}) => {
  const admin = await watched(browser, 'admin');
  const { page, ran } = admin;
  await visit(page, ran, `/admin/users?q=${encodeURIComponent(people.hostile!.email)}`);
  await expect(page.locator('main strong').filter({ hasText: people.hostileName })).toHaveText(people.hostileName);

  await page.goto('/dashboard/settings');
  const title = page.getByLabel('Blog title');
  const description = page.getByLabel('Description');
  const original = { title: await title.inputValue(), description: await description.inputValue() };
  const hostile = { title: `Journal ${markup.image}`, description: `About ${markup.svg} ${markup.script}` };
  // Other writer specs share this server: the settings go back however this test ends.
  try {
    await title.fill(hostile.title);
    await description.fill(hostile.description);
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByRole('status')).toHaveText('Settings saved.');
    await expectInert(page, ran, 'the settings page');

    const visitor = await watched(browser);
    for (const path of ['/', `/posts/${post.slug}`, '/archive', `/search?q=${encodeURIComponent(stamp)}`]) {
      await visit(visitor.page, visitor.ran, path);
      await expect(visitor.page.getByRole('banner')).toContainText(hostile.title);
    }
    for (const path of ['/feed.xml', '/atom.xml']) {
      const feed = await readFeed(request, path);
      expect(feed.channel.text[0], path).toBe(hostile.title);
      const shown = await renderFeed(visitor.page, feed.channel, feed.items);
      await expectInert(visitor.page, visitor.ran, path);
      expect(shown, path).toContain(hostile.description);
    }
    await visitor.context.close();
  } finally {
    await restoreSettings(page, original);
    await admin.context.close();
  }
});

async function restoreSettings(page: Page, original: { title: string; description: string }) {
  await page.goto('/dashboard/settings');
  await page.getByLabel('Blog title').fill(original.title);
  await page.getByLabel('Description').fill(original.description);
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status')).toHaveText('Settings saved.');
}
