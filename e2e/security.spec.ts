import { expect, test, type APIResponse, type Page } from '@playwright/test';
import sharp from 'sharp';
import { signUp } from './support/accounts';
import { xssPayloads } from '../tests/xss-corpus';
import { editorBody, signInAs } from './support/editor';
import { sql } from './support/people';

const payloads = ['<img src=x onerror=alert(1)>', '<script>alert(2)</script>', '"><svg onload=alert(3)>'];

test('markup in names, bios, comments and report details is shown as text and never runs', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));

  const account = await signUp(page, '/account');
  const name = `Eve ${payloads[0]}`;
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Bio').fill(payloads.join(' '));
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByRole('status')).toHaveText('Your profile is saved.');

  await page.goto('/posts/the-case-for-plain-html-forms');
  // The whole XSS corpus of the Markdown tests, through the real comment form.
  await page.getByRole('textbox', { name: 'Add a comment' }).fill(xssPayloads.join('\n\n'));
  await page.getByRole('button', { name: 'Post comment' }).click();
  await expect(page).toHaveURL(/#comment-\d+$/);
  const comment = page.locator(`#comment-${page.url().split('#comment-')[1]}`);
  await expect(comment.getByRole('link', { name })).toBeVisible();
  const body = comment.locator('.comment-body');
  await expect(body.locator('img, script, svg, iframe, object, embed, style, form, input')).toHaveCount(0);
  expect(await comment.locator('[onerror], [onload], [onclick], [onmouseover], [onfocus]').count()).toBe(0);
  expect(await comment.locator('a[href^="javascript:" i], a[href^="data:" i], a[href^="vbscript:" i]').count()).toBe(0);
  // Hover every link the corpus left behind (a mouseover handler would fire): nothing may run.
  for (const link of await comment.locator('a').all()) await link.hover();

  await page.goto('/posts/how-comments-should-work?report=4#comment-4');
  await page.getByRole('radio', { name: 'Something else' }).check();
  await page.getByRole('textbox', { name: /Details/ }).fill(payloads.join(' '));
  await page.getByRole('button', { name: 'Send report' }).click();
  await expect(page.getByText('Thank you. A moderator will look at this comment.')).toBeVisible();

  await page.goto('/');
  expect(dialogs).toEqual([]);
  expect(errors).toEqual([]);

  // Stored as typed (escaped only when shown), never pre-rendered as HTML.
  const [stored] = await sql('select name, bio from users where email = ?', account.email);
  expect(stored).toEqual({ name, bio: payloads.join(' ') });
});

test('a form posted from another site is refused', async ({ page, request, baseURL }) => {
  // The real sign-up form as the server sends it (with its action id), copied onto a page of another
  // origin, as a cross-site attacker would.
  const html = await (await request.get('/signup')).text();
  const form = html.match(/<form(?:(?!<\/form>)[\s\S])*?name="password"[\s\S]*?<\/form>/)?.[0] ?? '';
  expect(form).toContain('$ACTION');
  const email = `csrf-${Date.now().toString(36)}@quire.test`;
  await page.goto('about:blank');
  await page.setContent(`<html><body>${form.replace(/action="[^"]*"/, `action="${baseURL}/signup"`)}</body></html>`);
  await page.locator('input[name="name"]').fill('Cross Site');
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill('a long enough passphrase');
  await page.locator('button[type="submit"]').click();
  await page.waitForLoadState();
  // Sign-up only records a pending sign-up (the account comes with the mailed link): neither may exist.
  expect(await sql('select count(*) as n from users where email = ?', email)).toEqual([{ n: 0 }]);
  expect(await sql('select count(*) as n from pending_sign_ups where email = ?', email)).toEqual([{ n: 0 }]);
});

// Every kind of response the site gives: cached pages, dynamic pages, feeds, files, route handlers,
// redirects and a 404.
const responseKinds = [
  '/',
  '/posts/how-comments-should-work',
  '/labels/writing',
  '/archive',
  '/authors/ada-marsh',
  '/search?q=garden',
  '/feed.xml',
  '/atom.xml',
  '/sitemap.xml',
  '/robots.txt',
  '/api/health',
  '/nope/nope/nope',
  '/signin',
  '/dashboard',
  '/account',
];

function expectSecurityHeaders(response: APIResponse, where: string) {
  const policies = response.headersArray().filter((header) => header.name.toLowerCase() === 'content-security-policy');
  expect(policies, `${where}: one Content-Security-Policy`).toHaveLength(1);
  const policy = policies[0]!.value;
  for (const directive of [
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline'",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
    "img-src 'self' data: https:",
  ]) {
    expect(policy, where).toContain(directive);
  }
  expect(policy, where).not.toContain('unsafe-eval');
  const headers = response.headers();
  expect(headers['x-frame-options'], where).toBe('DENY');
  expect(headers['x-content-type-options'], where).toBe('nosniff');
  expect(headers['referrer-policy'], where).toBe('strict-origin-when-cross-origin');
  expect(headers['permissions-policy'], where).toBe('camera=(), microphone=(), geolocation=()');
  // The test server's SITE_URL is http: no HSTS there (it is sent when SITE_URL is https).
  expect(headers['strict-transport-security'], where).toBeUndefined();
  return policy;
}

test('every kind of response carries the security headers', async ({ request, page, baseURL }) => {
  for (const path of responseKinds) {
    const response = await request.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBeLessThan(500);
    const policy = expectSecurityHeaders(response, path);
    // Only the sign-in page may send a form on, to the configured sign-in provider (the test server's
    // OpenID Connect provider, e2e/support/oidc-server.mjs, runs on the next port).
    const provider = `http://127.0.0.1:${Number(new URL(baseURL!).port) + 1}`;
    expect(policy.match(/form-action [^;]*/)?.[0], path).toBe(
      path === '/signin' ? `form-action 'self' ${provider}` : "form-action 'self'",
    );
  }

  // An uploaded image, and the upload route's own answer.
  await signInAs(page, 'author', '/account');
  const upload = await page.request.post('/api/uploads', {
    headers: { origin: new URL(baseURL!).origin },
    multipart: {
      file: {
        name: 'headers.png',
        mimeType: 'image/png',
        buffer: await sharp({ create: { width: 40, height: 30, channels: 3, background: { r: 40, g: 160, b: 100 } } })
          .png()
          .toBuffer(),
      },
    },
  });
  expect(upload.status()).toBe(201);
  expectSecurityHeaders(upload, 'POST /api/uploads');
  const { src } = (await upload.json()) as { src: string };
  const image = await request.get(src);
  expect(image.status()).toBe(200);
  expect(image.headers()['content-type']).toBe('image/webp');
  expectSecurityHeaders(image, src);

  // What Quire's server answers before Next: a signed-in reader's comment and the viewer request.
  const postPage = await (await page.request.get('/posts/slow-mornings-and-the-first-draft')).text();
  const commentsPath = /action="(\/api\/posts\/\d+\/comments)"/.exec(postPage)?.[1];
  expect(commentsPath, 'the comment form posts to its route').toBeDefined();
  const comment = await page.request.post(commentsPath!, {
    headers: { origin: new URL(baseURL!).origin, 'content-type': 'application/x-www-form-urlencoded' },
    data: 'body=Every+answer+carries+the+headers.',
    maxRedirects: 0,
  });
  expect(comment.status()).toBe(303);
  expectSecurityHeaders(comment, `POST ${commentsPath}`);
  const viewer = await page.request.get(commentsPath!.replace(/comments$/, 'viewer'));
  expect(viewer.status()).toBe(200);
  expectSecurityHeaders(viewer, 'the viewer request');
});

/** Collects Content-Security-Policy violations the page reports, from every document it loads. */
async function watchPolicyViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction('reportPolicyViolation', (line: string) => violations.push(line));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { reportPolicyViolation: (line: string) => void }).reportPolicyViolation;
      report(`${location.pathname}: ${event.effectiveDirective} blocked ${event.blockedURI || 'inline code'}`);
    });
  });
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) {
      violations.push(`${page.url()}: ${message.text()}`);
    }
  });
  return violations;
}

test('the policy is enforced, and pages, comments, sign-in and the editor run under it without a violation', async ({
  page,
}) => {
  const violations = await watchPolicyViolations(page);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));

  await page.goto('/');
  await expect(page.getByRole('main').locator('article').first()).toBeVisible();
  // The listener works and the browser enforces the policy: a script from another site is refused.
  const probe = 'scripts.evil.example';
  await page.evaluate((host) => {
    const script = document.createElement('script');
    script.src = `https://${host}/steal.js`;
    document.head.append(script);
  }, probe);
  await expect.poll(() => violations.some((line) => line.includes(probe))).toBe(true);

  // A post with comments: the view-counting image, the comment list, the site header's account link.
  await page.goto('/posts/how-comments-should-work');
  await expect(page.locator('#comments article').first()).toBeVisible();
  await expect
    .poll(() =>
      page
        .locator('img[src^="/api/views/"]')
        .evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth),
    )
    .toBe(1);

  await page.goto('/signin');
  await expect(page.getByRole('button', { name: 'Sign in with Test OIDC' })).toBeVisible();

  // The editor (Tiptap injects its own styles) on one of the demo author's posts, opened and not changed.
  const [post] = await sql<{ id: number }>("select id from posts where slug = 'a-field-guide-to-markdown'");
  await signInAs(page, 'author', `/dashboard/posts/${post!.id}`);
  await expect(page).toHaveURL(new RegExp(`/dashboard/posts/${post!.id}$`));
  await expect(editorBody(page)).toBeVisible();
  await expect(editorBody(page).locator('h2').first()).toBeVisible();

  expect(violations.filter((line) => !line.includes(probe))).toEqual([]);
  expect(errors).toEqual([]);
});

test('data posted to a page that cannot take it gets a 4xx with a sentence, never a server error', async ({
  request,
  baseURL,
}) => {
  // A real action id, from the sign-in page's "Sign in with …" form.
  const signInPage = await (await request.get('/signin')).text();
  const actionId = signInPage.match(/\$ACTION_ID_([0-9a-f]+)/)?.[1];
  expect(actionId).toBeTruthy();
  const evil = 'https://evil.example';
  const boundary = '----quire';
  const form = (fields: Record<string, string>) =>
    Object.entries(fields)
      .map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
      .join('') + `--${boundary}--\r\n`;
  const multipart = `multipart/form-data; boundary=${boundary}`;

  const cases: {
    what: string;
    path: string;
    headers: Record<string, string>;
    data: string;
    status: number;
    text: RegExp;
  }[] = [
    {
      what: 'a malformed multipart body',
      path: '/',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      data: 'garbage',
      status: 400,
      text: /form data could not be read/,
    },
    {
      what: 'a server action call from another site',
      path: '/signin',
      headers: { 'next-action': actionId!, origin: evil, 'content-type': 'text/plain;charset=UTF-8' },
      data: '[]',
      status: 403,
      text: /^This form was sent from another site\.$/,
    },
    {
      what: 'a plain form post to a server action from another site',
      path: '/signin',
      headers: { origin: evil, 'content-type': multipart },
      data: form({ [`$ACTION_ID_${actionId}`]: '', provider: 'oidc', returnTo: '/' }),
      status: 403,
      text: /^This form was sent from another site\.$/,
    },
    {
      what: 'a server action call whose arguments cannot be read',
      path: '/signin',
      headers: {
        'next-action': actionId!,
        origin: new URL(baseURL!).origin,
        'content-type': 'text/plain;charset=UTF-8',
      },
      data: '{"not": "a list"',
      status: 400,
      text: /could not be read/,
    },
    {
      what: 'a form post to a page with no server action',
      path: '/posts/hello-world',
      headers: { 'content-type': multipart },
      data: form({ name: 'Ann' }),
      status: 405,
      text: /does not take posted data/,
    },
    {
      what: 'JSON posted to a page',
      path: '/archive',
      headers: { 'content-type': 'application/json' },
      data: '{"a":1}',
      status: 405,
      text: /does not take posted data/,
    },
  ];
  for (const { what, path, headers, data, status, text } of cases) {
    const response = await request.post(path, { headers, data, maxRedirects: 0 });
    expect(response.status(), what).toBe(status);
    expect(await response.text(), what).toMatch(text);
  }
});
