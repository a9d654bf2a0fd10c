import { expect, test } from '@playwright/test';
import { fuzzRequests, type FuzzRequest } from '../tests/http-fuzz-corpus';
import { signInAs } from './support/editor';

// A few hundred malformed requests (tests/http-fuzz-corpus.ts) against the reader server: every one
// must get an answer below 500 and no stack trace. Known gap, not in the corpus: a server action
// called directly with a well-formed argument list of the wrong types (say `[[1]]` where it takes a
// FormData) throws inside the action, and Next.js answers that with a 500.

const CONCURRENT_REQUESTS = 6;

test('malformed requests never get a server error', async ({ page, request, baseURL }) => {
  test.setTimeout(90_000);
  const origin = new URL(baseURL!).origin;
  const signInPage = await (await request.get('/signin')).text();
  const actionId = signInPage.match(/\$ACTION_ID_([0-9a-f]+)/)?.[1];
  expect(actionId, 'the sign-in page has a server action form').toBeTruthy();
  // The importer and uploads read their bodies only for a signed-in admin or author.
  await signInAs(page, 'admin', '/account');

  const corpus = fuzzRequests({ actionId: actionId! });
  expect(corpus.length).toBeGreaterThan(300);
  const failures: string[] = [];
  const send = async ({ label, method, path, headers = {}, body, signedIn }: FuzzRequest) => {
    const client = signedIn ? page.request : request;
    const sent = signedIn && !('origin' in headers) ? { origin, ...headers } : headers;
    const where = `${label}: ${method} ${path.length > 120 ? `${path.slice(0, 120)}…` : path}`;
    try {
      // Joined as text: a path such as `//posts` must not be read as another host.
      const response = await client.fetch(`${origin}${path}`, {
        method,
        headers: sent,
        data: body,
        maxRedirects: 0,
        timeout: 20_000,
      });
      const text = method === 'HEAD' ? '' : await response.text();
      if (response.status() >= 500) failures.push(`${where} → ${response.status()} ${text.slice(0, 120)}`);
      else if (/at \w+ \(.*:\d+:\d+\)|node_modules/.test(text)) failures.push(`${where} → a stack trace in the body`);
    } catch (error) {
      failures.push(`${where} → no answer (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
    }
  };

  const queue = [...corpus];
  await Promise.all(
    Array.from({ length: CONCURRENT_REQUESTS }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await send(next);
    }),
  );
  expect(failures).toEqual([]);

  // Still serving after all that.
  expect((await request.get('/api/health')).status()).toBe(200);
});
