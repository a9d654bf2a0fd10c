import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { seriousViolations } from './support/axe';
import { at, dataDir } from './support/database';
import { insertReader } from './support/accounts';
import { postComment, removeFromPostPage, signedInContext, sql, type Who } from './support/people';

// The rules are site-wide, so these tests run one after another (other files still run alongside).
test.describe.configure({ mode: 'serial' });

const slug = 'notes-on-a-small-kitchen-garden';

let counter = 0;
const unique = (text: string) => `${text} ${Date.now().toString(36)}${++counter}`;

async function setRules(page: Page, changes: Record<string, string>) {
  await page.goto('/moderation/rules');
  for (const [label, value] of Object.entries(changes)) {
    const field = page.getByLabel(label, { exact: true });
    if ((await field.getAttribute('type')) === 'radio') await field.check();
    else await field.fill(value);
  }
  await page.getByRole('button', { name: 'Save rules' }).click();
  await expect(page.getByRole('status')).toHaveText('Rules saved.');
}

const defaults = {
  'No comments (only the rules below)': 'on',
  'Hold comments with more links than': '2',
  'Hold list': '',
  'Block list': '',
  'Blocked email domains': '',
  'Hold comments on posts older than (days, 0 for never)': '0',
  'Close comments on posts older than (days, 0 for never)': '0',
  'Hide a comment into the queue after this many reports from different readers': '3',
};

test('a moderator removes a comment with a reason: readers see a placeholder, its author the text, the log the entry; restore', async ({
  browser,
}) => {
  // Four people in four browser contexts, two of them new accounts confirmed through their mail: over
  // a minute on two cores shared with three servers.
  test.setTimeout(120_000);
  const writer = await signedInContext(browser, 'new-reader');
  const text = unique('A comment a moderator will remove');
  const id = await postComment(writer.page, slug, text);

  const moderator = await signedInContext(browser, 'moderator');
  await removeFromPostPage(moderator.page, slug, id);
  await expect(moderator.page.locator(`#comment-${id}`)).toContainText('Removed by a moderator: Off-topic');

  // Everyone else: the placeholder, and the text is not in the page at all.
  const visitor = await browser.newPage();
  await visitor.goto(`/posts/${slug}`);
  await expect(visitor.locator(`#comment-${id}`)).toHaveText('Comment removed by a moderator');
  expect(await visitor.content()).not.toContain(text);
  const reader = await signedInContext(browser, 'reader');
  await reader.page.goto(`/posts/${slug}`);
  await expect(reader.page.locator(`#comment-${id}`)).toHaveText('Comment removed by a moderator');

  // Its author still sees their words, with the notice and the reason.
  await writer.page.goto(`/posts/${slug}`);
  await expect(writer.page.locator(`#comment-${id}`)).toContainText(text);
  await expect(writer.page.locator(`#comment-${id}`)).toContainText('Removed by a moderator: Off-topic');

  await moderator.page.goto('/moderation/log?action=remove');
  const entry = moderator.page.getByRole('row').filter({ hasText: `#${id}` });
  await expect(entry).toContainText('Priya Nair');
  await expect(entry).toContainText('Off-topic');

  await moderator.page.goto(`/posts/${slug}#comment-${id}`);
  await moderator.page.locator(`#comment-${id}`).getByRole('button', { name: 'Restore' }).click();
  await expect(moderator.page.getByRole('status')).toContainText('Restored 1 comment.');
  await visitor.goto(`/posts/${slug}`);
  await expect(visitor.locator(`#comment-${id}`)).toContainText(text);
  for (const context of [writer.context, moderator.context, reader.context, visitor.context()]) await context.close();
});

test('reports from three readers hide a comment into the queue; dismissing the reports brings it back', async ({
  browser,
}) => {
  // Five people in five browser contexts: 90 s ran out twice on two cores shared with three servers.
  test.setTimeout(150_000);
  const writer = await signedInContext(browser, 'new-reader');
  const text = unique('A comment three readers dislike');
  const id = await postComment(writer.page, slug, text);
  for (let index = 0; index < 3; index++) {
    const reporter = await signedInContext(browser, 'new-reader');
    await reporter.page.goto(`/posts/${slug}?report=${id}#comment-${id}`);
    await reporter.page.getByRole('radio', { name: 'Spam' }).check();
    await reporter.page.getByRole('button', { name: 'Send report' }).click();
    await expect(reporter.page.getByText('Thank you. A moderator will look at this comment.')).toBeVisible();
    await reporter.context.close();
  }
  const visitor = await browser.newPage();
  await visitor.goto(`/posts/${slug}`);
  await expect(visitor.locator(`#comment-${id}`)).toHaveCount(0);
  expect(await visitor.content()).not.toContain(text);

  const moderator = await signedInContext(browser, 'moderator');
  await moderator.page.goto('/moderation?tab=reported');
  const row = moderator.page.getByRole('listitem', { name: new RegExp(`^Comment ${id} by`) });
  await expect(row).toContainText(text);
  await expect(row).toContainText('3 open reports');
  await expect(row).toContainText('Readers reported it.');
  await row.getByRole('button', { name: `Dismiss reports comment ${id}` }).click();
  await expect(moderator.page.getByRole('status')).toContainText('Dismissed the reports on 1 comment.');
  await visitor.goto(`/posts/${slug}`);
  await expect(visitor.locator(`#comment-${id}`)).toContainText(text);
  await writer.context.close();
  await moderator.context.close();
  await visitor.close();
});

test('each hold rule holds the right comment, the block list refuses, and approval publishes', async ({ browser }) => {
  // Ran past 150 s once in a full run on two cores (every page load took seconds).
  test.setTimeout(240_000);
  const admin = await signedInContext(browser, 'admin');
  const moderator = await signedInContext(browser, 'moderator');
  const visitor = await browser.newPage();
  try {
    // The moderator asks to be told when something enters the queue.
    await moderator.page.goto('/account');
    await moderator.page.getByLabel('Email me when a comment enters the moderation queue').check();
    await moderator.page.getByRole('button', { name: 'Save email settings' }).click();
    await expect(moderator.page.getByRole('status')).toHaveText('Your email settings are saved.');
    const queueMailsBefore = outboxMailsTo('moderator@quire.test').length;
    // First comments of a person wait; their next one, after approval, does not.
    await setRules(admin.page, { 'A person’s comments until one of theirs is approved': 'on' });
    const first = await signedInContext(browser, 'new-reader');
    const firstText = unique('My very first comment');
    const firstId = await postComment(first.page, slug, firstText);
    await expect(first.page.locator(`#comment-${firstId}`)).toContainText('Awaiting approval');
    await expect
      .poll(() => outboxMailsTo('moderator@quire.test').slice(queueMailsBefore).join('\n'), { timeout: 10_000 })
      .toContain(`Comment ${firstId} entered the queue: A first comment waits for approval.`);
    await visitor.goto(`/posts/${slug}`);
    await expect(visitor.locator(`#comment-${firstId}`)).toHaveCount(0);
    await moderator.page.goto('/moderation?tab=held');
    const held = moderator.page.getByRole('listitem', { name: new RegExp(`^Comment ${firstId} by`) });
    await expect(held).toContainText('A first comment waits for approval.');
    await held.getByRole('button', { name: `Approve comment ${firstId}` }).click();
    await expect(moderator.page.getByRole('status')).toContainText('Approved 1 comment.');
    await visitor.goto(`/posts/${slug}`);
    await expect(visitor.locator(`#comment-${firstId}`)).toContainText(firstText);
    const second = await postComment(first.page, slug, unique('Now I am trusted'));
    await expect(first.page.locator(`#comment-${second}`)).not.toContainText('Awaiting approval');

    await setRules(admin.page, {
      'No comments (only the rules below)': 'on',
      'Hold list': 'casino',
      'Block list': 'buy followers',
    });
    // Links: three are more than the default two.
    const linker = await signedInContext(browser, 'new-reader');
    const links = await postComment(linker.page, slug, 'See https://a.example https://b.example https://c.example');
    await expect(linker.page.locator(`#comment-${links}`)).toContainText('Awaiting approval');
    // The hold list, as a whole word in any case.
    const words = await postComment(linker.page, slug, unique('The CASINO down the road'));
    await expect(linker.page.locator(`#comment-${words}`)).toContainText('Awaiting approval');
    // The block list refuses outright and keeps the text in the form.
    const blocked = await signedInContext(browser, 'new-reader');
    await blocked.page.goto(`/posts/${slug}`);
    await blocked.page.getByRole('textbox', { name: 'Add a comment' }).fill('Buy followers here');
    await blocked.page.getByRole('button', { name: 'Post comment' }).click();
    await expect(blocked.page.getByText('matches this blog’s block list')).toBeVisible();
    await expect(blocked.page.getByRole('textbox', { name: 'Add a comment' })).toHaveValue('Buy followers here');
    await blocked.context.close();
    // A blocked email domain (the demo accounts are @quire.test; new test accounts too).
    await setRules(admin.page, { 'Blocked email domains': 'quire.test' });
    const reader = await signedInContext(browser, 'reader');
    await reader.page.goto(`/posts/${slug}`);
    await reader.page.getByRole('textbox', { name: 'Add a comment' }).fill(unique('From a blocked domain'));
    await reader.page.getByRole('button', { name: 'Post comment' }).click();
    await expect(reader.page.getByText('matches this blog’s block list')).toBeVisible();

    // Posts older than N days: the demo post is weeks old.
    await setRules(admin.page, { ...defaults, 'Hold comments on posts older than (days, 0 for never)': '1' });
    const old = await postComment(reader.page, slug, unique('Late to this old post'));
    await expect(reader.page.locator(`#comment-${old}`)).toContainText('Awaiting approval');
    // Moderators' own comments are never held.
    const own = await postComment(moderator.page, slug, unique('A moderator speaks'));
    await expect(moderator.page.locator(`#comment-${own}`)).not.toContainText('Awaiting approval');

    // Close comments on posts older than M days: the form is gone and the server refuses.
    await setRules(admin.page, { ...defaults, 'Close comments on posts older than (days, 0 for never)': '1' });
    await visitor.goto(`/posts/${slug}`);
    await expect(visitor.getByText('Comments are closed on this post.')).toBeVisible();
    await reader.page.goto(`/posts/${slug}`);
    await expect(reader.page.getByRole('textbox', { name: 'Add a comment' })).toHaveCount(0);
    await linker.context.close();
    await reader.context.close();
    await first.context.close();
  } finally {
    await setRules(admin.page, defaults);
    await admin.context.close();
    await moderator.context.close();
    await visitor.close();
  }
});

test('bulk remove: select several comments in the queue and remove them at once', async ({ browser }) => {
  const writer = await signedInContext(browser, 'new-reader');
  const marker = unique('bulkmark');
  const ids = [
    await postComment(writer.page, slug, `${marker} one`),
    await postComment(writer.page, slug, `${marker} two`),
  ];
  const moderator = await signedInContext(browser, 'moderator');
  await moderator.page.goto(`/moderation?tab=all&q=${encodeURIComponent(marker)}`);
  for (const id of ids) await moderator.page.getByLabel(`Select comment ${id}`).check();
  await moderator.page.getByRole('combobox', { name: 'Action' }).selectOption('remove');
  await moderator.page.getByRole('combobox', { name: 'Reason (for removals)' }).selectOption('Spam');
  await moderator.page.getByRole('button', { name: 'Apply to selected' }).click();
  await expect(moderator.page.getByRole('status')).toContainText('Removed 2 comments.');
  const visitor = await browser.newPage();
  await visitor.goto(`/posts/${slug}`);
  for (const id of ids) await expect(visitor.locator(`#comment-${id}`)).toHaveText('Comment removed by a moderator');
  await moderator.page.goto('/moderation/log?action=remove');
  await expect(moderator.page.getByRole('row').filter({ hasText: 'bulk action on 2 comments' })).toHaveCount(2);
  await writer.context.close();
  await moderator.context.close();
  await visitor.close();
});

test('a banned reader cannot comment, in the page or by calling the comment route; the ban expires', async ({
  browser,
}) => {
  const banned = await signedInContext(browser, 'new-reader');
  // An account older than a day, so the new-account rate limit stays out of this test.
  await sql('update users set created_at = ? where email = ?', at(Date.now() - 2 * 86_400_000), banned.account!.email);
  const first = await postComment(banned.page, slug, unique('Before the ban'));
  // The comment form's real request, to replay later as a direct call.
  await banned.page.goto(`/posts/${slug}`);
  await banned.page.getByRole('textbox', { name: 'Add a comment' }).fill(unique('Captured call'));
  const [request] = await Promise.all([
    banned.page.waitForRequest((req) => req.method() === 'POST' && /\/api\/posts\/\d+\/comments$/.test(req.url())),
    banned.page.getByRole('button', { name: 'Post comment' }).click(),
  ]);
  await expect(banned.page).toHaveURL(/#comment-\d+$/);

  const moderator = await signedInContext(browser, 'moderator');
  await moderator.page.goto(`/posts/${slug}#comment-${first}`);
  await moderator.page.locator(`#comment-${first}`).getByRole('link', { name: 'Ban author…' }).click();
  await moderator.page.getByLabel('1 day').check();
  await moderator.page.getByLabel('Reason (shown to them)').fill('Flooding the threads');
  await moderator.page.getByRole('button', { name: 'Ban', exact: true }).click();
  await expect(moderator.page.getByRole('status')).toContainText('is banned until');

  await banned.page.goto(`/posts/${slug}`);
  await expect(banned.page.getByRole('alert').filter({ hasText: 'banned' })).toContainText(
    'You are banned from commenting until',
  );
  await expect(banned.page.getByRole('alert').filter({ hasText: 'banned' })).toContainText('Flooding the threads');
  await expect(banned.page.getByRole('textbox', { name: 'Add a comment' })).toHaveCount(0);
  const replayText = unique('Sneaking past the ban');
  const body = request.postData()!.replace(/Captured call \w+/, replayText);
  const response = await banned.page.request.post(request.url(), { headers: request.headers(), data: body });
  expect(await response.text()).toContain('You are banned from commenting');
  expect(await sql('select id from comments where body_markdown = ?', replayText)).toEqual([]);

  // The ban runs out (moved into the past here rather than waiting a day).
  await sql('update users set banned_until = ? where email = ?', at(Date.now() - 1000), banned.account!.email);
  const after = await postComment(banned.page, slug, unique('Back after the ban'));
  expect(after).toBeGreaterThan(first);
  await banned.context.close();
  await moderator.context.close();
});

function outboxMailsTo(email: string): string[] {
  const folder = join(dataDir(), 'outbox');
  if (!existsSync(folder)) return [];
  return (
    readdirSync(folder)
      .filter((file) => file.endsWith('.eml'))
      // Named by time: sorted, they are in the order they were sent.
      .sort()
      .map((file) => readFileSync(join(folder, file), 'utf8'))
      .filter((mail) => mail.includes(`To: ${email}`))
      .map((mail) =>
        mail
          .split(/^--.*$/m)
          .map((part) => {
            const [headers = '', ...rest] = part.split(/\r?\n\r?\n/);
            return /base64/i.test(headers)
              ? Buffer.from(rest.join('').replace(/\s+/g, ''), 'base64').toString('utf8')
              : part;
          })
          .join('\n'),
      )
  );
}

test('a reply notifies the comment’s author by email, with an unsubscribe link that works without signing in', async ({
  browser,
}) => {
  const author = await signedInContext(browser, 'new-reader');
  const parent = await postComment(author.page, slug, unique('Tell me when someone answers'));
  const replier = await signedInContext(browser, 'new-reader');
  await postComment(replier.page, slug, unique('Here is an answer'), parent);
  const email = author.account!.email;
  // The account's own sign-up confirmation is in the outbox too: count the reply mails.
  const replyMails = () => outboxMailsTo(email).filter((mail) => mail.includes('replied to your comment on'));
  await expect.poll(() => replyMails().length, { timeout: 10_000 }).toBe(1);
  const mail = replyMails()[0]!;
  expect(mail).toMatch(/List-Unsubscribe:\s*<http:\/\/localhost:\d+\/api\/unsubscribe\?/);
  const link = /http:\/\/localhost:\d+\/unsubscribe\?[^\s"<]+/.exec(mail)![0].replace(/&amp;/g, '&');

  const stranger = await browser.newPage();
  await stranger.goto(link);
  await stranger.getByRole('button', { name: 'Unsubscribe' }).click();
  await expect(stranger.getByRole('status')).toContainText('You will no longer get emails about replies');
  // A changed link does nothing.
  await stranger.goto(link.replace(/t=[^&]+/, 't=forgedforgedforgedforgedforged'));
  await expect(stranger.getByRole('heading', { name: 'This link does not work' })).toBeVisible();

  await postComment(replier.page, slug, unique('Another answer'), parent);
  await replier.page.waitForTimeout(1000);
  expect(replyMails()).toHaveLength(1);
  await author.context.close();
  await replier.context.close();
  await stranger.close();
});

test('the moderator sees the open count beside their name in the site header', async ({ browser }) => {
  const moderator = await signedInContext(browser, 'moderator');
  await moderator.page.goto('/');
  const badge = moderator.page.getByTestId('account-badge');
  await expect(badge).toContainText('Priya Nair');
  await expect(badge.getByRole('link', { name: /^Moderation: \d+ open$/ })).toBeVisible();
  const reader = await signedInContext(browser, 'reader');
  await reader.page.goto('/');
  await expect(reader.page.getByTestId('account-badge')).toContainText('Sam Okafor');
  await expect(reader.page.getByTestId('account-badge').getByRole('link', { name: /Moderation/ })).toHaveCount(0);
  await moderator.context.close();
  await reader.context.close();
});

/** The server action id a page's plain (no-JavaScript) form carries, and its other fields. */
async function formOf(page: Page, path: string, selector: string) {
  await page.goto(path);
  return page
    .locator(selector)
    .first()
    .evaluate((form: HTMLFormElement) => {
      const fields: Record<string, string> = {};
      for (const element of Array.from(form.elements) as HTMLInputElement[]) {
        if (!element.name || ((element.type === 'checkbox' || element.type === 'radio') && !element.checked)) continue;
        fields[element.name] = element.value;
      }
      return fields;
    });
}

test('authorisation matrix: every moderation and admin action succeeds for exactly the allowed roles', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const admin = await signedInContext(browser, 'admin');
  const roles: Who[] = ['visitor', 'reader', 'author', 'moderator', 'admin'];
  const sessions = Object.fromEntries(
    await Promise.all(roles.map(async (role) => [role, await signedInContext(browser, role)] as const)),
  );
  type Case = { name: string; allowed: Who[]; run: (who: Who) => Promise<boolean> };
  const send = async (who: Who, path: string, fields: Record<string, string>) => {
    const multipart = Object.fromEntries(Object.entries(fields));
    await sessions[who]!.page.request.post(path, { multipart, headers: { origin: new URL(admin.page.url()).origin } });
  };
  // A comment to remove is posted through the page (the thread is the cached page's); the accounts
  // to ban, promote or delete need no browser.
  const victimComment = async () => {
    const target = await signedInContext(browser, 'new-reader');
    const id = await postComment(target.page, slug, unique('Matrix comment'));
    await target.context.close();
    return id;
  };
  const victim = async () => ({ userId: (await insertReader()).id });
  const status = async (id: number) =>
    (await sql<{ status: string }>('select status from comments where id = ?', id))[0]?.status;
  const user = async (id: string) =>
    (
      await sql<{ role: string; banned_until: number | null }>('select role, banned_until from users where id = ?', id)
    )[0];

  const cases: Case[] = [
    {
      name: 'remove a comment',
      allowed: ['moderator', 'admin'],
      run: async (who) => {
        const id = await victimComment();
        const form = await formOf(admin.page, `/posts/${slug}?remove=${id}`, `form:has(input[value="remove:${id}"])`);
        // Sent to a page that carries this action (the queue), so every caller reaches the server's own check.
        await send(who, '/moderation', form);
        return (await status(id)) === 'removed';
      },
    },
    {
      name: 'ban a person',
      allowed: ['moderator', 'admin'],
      run: async (who) => {
        const { userId } = await victim();
        const form = await formOf(admin.page, `/moderation/users/${userId}`, 'form:has(input[name="duration"])');
        await send(who, `/moderation/users/${userId}`, { ...form, reason: 'matrix' });
        return ((await user(userId))?.banned_until ?? 0) > Date.now();
      },
    },
    {
      name: 'change a role',
      allowed: ['admin'],
      run: async (who) => {
        const { userId } = await victim();
        const form = await formOf(
          admin.page,
          '/admin/users',
          `form:has(input[value="${userId}"]):has(select[name="role"])`,
        );
        await send(who, '/admin/users', { ...form, role: 'author' });
        return (await user(userId))?.role === 'author';
      },
    },
    {
      name: 'delete an account',
      allowed: ['admin'],
      run: async (who) => {
        const { userId } = await victim();
        const form = await formOf(
          admin.page,
          '/admin/users',
          `form:has(input[value="${userId}"]):has(input[name="confirm"])`,
        );
        await send(who, '/admin/users', { ...form, confirm: 'on' });
        return (await user(userId)) === undefined;
      },
    },
  ];
  for (const testCase of cases) {
    for (const who of roles) {
      expect(await testCase.run(who), `${testCase.name} as ${who}`).toBe(testCase.allowed.includes(who));
    }
  }
  // The pages themselves.
  const pages: [string, Who[]][] = [
    ['/moderation', ['moderator', 'admin']],
    ['/moderation/log', ['moderator', 'admin']],
    ['/moderation/rules', ['admin']],
    ['/admin/users', ['admin']],
  ];
  for (const [path, allowed] of pages) {
    for (const who of roles) {
      const response = await sessions[who]!.page.goto(path);
      const expected = allowed.includes(who) ? 200 : who === 'visitor' ? 200 : 403;
      expect(response?.status(), `${path} as ${who}`).toBe(expected);
      if (who === 'visitor') await expect(sessions[who]!.page).toHaveURL(/\/signin/);
    }
  }
  for (const session of Object.values(sessions)) await session.context.close();
  await admin.context.close();
});

test('moderation works without JavaScript, and its pages have no serious accessibility violations', async ({
  browser,
}) => {
  const writer = await signedInContext(browser, 'new-reader');
  const id = await postComment(writer.page, slug, unique('Removed with scripts off'));
  await writer.context.close();
  const signer = await signedInContext(browser, 'moderator');
  const state = await signer.context.storageState();
  await signer.context.close();
  const context = await browser.newContext({ javaScriptEnabled: false, storageState: state });
  const page = await context.newPage();
  // The shared page holds nobody's controls; the comment's permalink (its date) opens the page
  // rendered for this moderator.
  await page.goto(`/posts/${slug}#comment-${id}`);
  await page.locator(`#comment-${id} header a[href="/comments/${id}"]`).click();
  await expect(page).toHaveURL(new RegExp(`\\?comment=${id}#comment-${id}$`));
  await page.locator(`#comment-${id}`).getByRole('link', { name: 'Remove' }).click();
  await page.locator(`#comment-${id}`).getByRole('combobox', { name: 'Reason' }).selectOption('Spam');
  await page.locator(`#comment-${id}`).getByRole('button', { name: 'Remove comment' }).click();
  await expect(page.getByRole('status')).toContainText('Removed 1 comment.');
  await page.goto('/moderation?tab=removed');
  await page.getByRole('button', { name: `Restore comment ${id}` }).click();
  await expect(page.getByRole('status')).toContainText('Restored 1 comment.');
  await context.close();

  const moderator = await signedInContext(browser, 'moderator');
  for (const path of ['/moderation', '/moderation?tab=all', '/moderation/log']) {
    await moderator.page.goto(path);
    expect(await seriousViolations(moderator.page), path).toEqual([]);
  }
  await moderator.context.close();
});
