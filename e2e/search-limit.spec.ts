import { request as httpRequest } from 'node:http';
import { expect, test } from '@playwright/test';

// The search limit counts per client address, and every other spec searches from 127.0.0.1: using up
// a minute's searches there would refuse theirs. This spec searches from 127.0.0.2 instead (on Linux
// all of 127.0.0.0/8 is this machine), so the address it locks out is its own. The servers keep the
// default limit, 60 a minute; the rest of the suite searches far fewer times than that.
const OWN_ADDRESS = '127.0.0.2';
const LIMIT = 60;

type Answer = { status: number; retryAfter: string | undefined; body: string };

function searchFrom(port: number, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port, path, localAddress: OWN_ADDRESS, headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, retryAfter: response.headers['retry-after'], body }),
      );
    });
    request.on('error', reject);
    request.end();
  });
}

test('the 61st search in a minute from one address is refused with a 429 that says when to retry', async ({
  request,
  baseURL,
}) => {
  const port = Number(new URL(baseURL!).port);
  let first: Answer;
  try {
    first = await searchFrom(port, '/search?q=garden');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // macOS answers only 127.0.0.1 unless 127.0.0.2 is added to lo0.
    test.skip(code === 'EADDRNOTAVAIL', 'this machine cannot send from a second loopback address, 127.0.0.2');
    throw error;
  }
  expect(first.status).toBe(200);
  expect(first.body).toContain('Search results for “garden”');
  for (let search = 2; search <= LIMIT; search++) {
    expect((await searchFrom(port, '/search?q=garden')).status, `search ${search}`).toBe(200);
  }

  const refused = await searchFrom(port, '/search?q=heron');
  expect(refused.status).toBe(429);
  expect(refused.body).toBe('Too many searches from your address. Wait a minute and search again.');
  expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
  expect(Number(refused.retryAfter)).toBeLessThanOrEqual(60);

  // Claiming another address does not help: the server trusts no proxy here and writes the socket's
  // address over the header of its own. Nor does asking for a results page by its path.
  expect((await searchFrom(port, '/search?q=heron', { 'x-forwarded-for': '203.0.113.50' })).status).toBe(429);
  expect((await searchFrom(port, '/search?q=heron', { 'x-quire-peer-address': '203.0.113.51' })).status).toBe(429);
  expect((await searchFrom(port, '/search/results/_heron/1')).status).toBe(429);

  // Everyone else (127.0.0.1, the other specs) still searches.
  const other = await request.get('/search?q=heron');
  expect(other.status()).toBe(200);
  expect(await other.text()).toContain('Search results for “heron”');
});
