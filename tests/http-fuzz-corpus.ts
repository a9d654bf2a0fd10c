// Malformed HTTP requests for e2e/fuzz.spec.ts: addresses, methods, query strings, bodies, cookies and
// headers that a scanner or a broken client sends. The server must answer each with something below
// 500. Generated from a fixed seed, so a failure names the same request on every run.

export type FuzzRequest = {
  /** What the request is, for the failure message. */
  label: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Sent with the signed-in admin's cookies (to reach the body parsing behind the sign-in check). */
  signedIn?: boolean;
};

/** mulberry32: a small deterministic generator, so the sample of combinations is the same every run. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

function sample<T>(items: readonly T[], count: number, random: () => number): T[] {
  const pool = [...items];
  const picked: T[] = [];
  while (picked.length < count && pool.length > 0) picked.push(pool.splice(Math.floor(random() * pool.length), 1)[0]!);
  return picked;
}

const pages = [
  '/',
  '/page/2',
  '/posts/hello-world',
  '/posts/how-comments-should-work/comments/2',
  '/labels/writing',
  '/authors/ada-marsh',
  '/archive',
  '/archive/2026/11',
  '/search',
  '/signin',
  '/signup',
  '/account',
  '/dashboard',
  '/moderation',
  '/admin/users',
  '/unsubscribe',
];
const files = ['/feed.xml', '/atom.xml', '/labels/writing/feed.xml', '/sitemap.xml', '/robots.txt', '/comments/1'];
const handlers = ['/api/health', '/api/me', '/api/views/1', '/api/import/abc', '/api/auth/session', '/uploads/x.webp'];

const brokenEncodings = [
  '/%',
  '/%%',
  '/%00',
  '/%2F%2F',
  '/posts/%',
  '/posts/%E0%A4%A',
  '/posts/%C3%28',
  '/posts/%252F',
  '/posts/%2F..%2F..',
  '/posts/hello-world/comments/%FF',
  '/labels/%ZZ',
  '/labels/%E0/page/2',
  '/authors/%C0%AF',
  '/archive/%FF/%FE',
  '/page/%',
  '/search/results/%/1',
  '/search/results/_%E0/1',
  '/dashboard/posts/%',
  '/moderation/users/%E0',
  '/uploads/%2e%2e%2fetc%2fpasswd',
  '/comments/%',
  '/api/views/%',
  '/api/import/%E0',
  '/api/auth/%E0%A4%A',
];

const junkNumbers = [
  '0',
  '-1',
  '1.5',
  '1e3',
  '0x1F',
  'NaN',
  'Infinity',
  '9'.repeat(25),
  ' 2',
  '+1',
  '01',
  '２',
  '1;DROP TABLE posts',
];
const numberedAddresses = [
  (n: string) => `/page/${n}`,
  (n: string) => `/labels/writing/page/${n}`,
  (n: string) => `/authors/ada-marsh/page/${n}`,
  (n: string) => `/posts/how-comments-should-work/comments/${n}`,
  (n: string) => `/archive/${n}`,
  (n: string) => `/archive/2026/${n}`,
  (n: string) => `/comments/${n}`,
  (n: string) => `/api/views/${n}`,
  (n: string) => `/dashboard/posts/${n}`,
  (n: string) => `/moderation/users/${n}`,
  (n: string) => `/search?q=garden&page=${n}`,
  (n: string) => `/dashboard?page=${n}`,
];

const queries = [
  `?q=${'x'.repeat(6000)}`,
  `?${Array.from({ length: 300 }, (_, index) => `a${index}=1`).join('&')}`,
  '?%',
  '?%E0%A4%A=%ZZ',
  '?q[]=1&q[]=2',
  '?q=%00',
  '?page=-1&page=2',
  '?returnTo=javascript:alert(1)',
  '?returnTo=%2F%2Fevil.example',
  '?callbackUrl=garbage',
  '?error=%3Cscript%3Ealert(1)%3C%2Fscript%3E',
  '?p=abc',
  '?p=99999999999999999999',
  '?page_id=-1',
  '?report=abc',
  '?reply=%25',
  '?cpath=..%2F..%2Fx',
  '?tab=%3Cx%3E',
  '?status=nope',
  '?__proto__[polluted]=1',
];

const methods = ['PUT', 'DELETE', 'PATCH', 'OPTIONS', 'PROPFIND'];

function multipart(boundary: string, parts: { name: string; value: string; filename?: string }[]): string {
  return (
    parts
      .map(
        ({ name, value, filename }) =>
          `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${filename ? `; filename="${filename}"\r\nContent-Type: image/png` : ''}\r\n\r\n${value}\r\n`,
      )
      .join('') + `--${boundary}--\r\n`
  );
}

/** Bodies a form handler cannot use. `file` marks the ones with a file part (never sent to the importer). */
const badBodies: { label: string; type: string; body: string; file?: boolean }[] = [
  { label: 'multipart garbage', type: 'multipart/form-data; boundary=x', body: 'garbage' },
  { label: 'multipart without boundary', type: 'multipart/form-data', body: '--x\r\n\r\n' },
  { label: 'multipart, empty boundary', type: 'multipart/form-data; boundary=', body: '--\r\n' },
  {
    label: 'multipart, other boundary',
    type: 'multipart/form-data; boundary=abc',
    body: multipart('xyz', [{ name: 'a', value: '1' }]),
  },
  {
    label: 'multipart, boundary over 70 characters',
    type: `multipart/form-data; boundary=${'b'.repeat(200)}`,
    body: multipart('b'.repeat(200), [{ name: 'a', value: '1' }]),
  },
  {
    label: 'multipart cut off inside a file',
    type: 'multipart/form-data; boundary=cut',
    body: '--cut\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n\x89PNG\r\n',
    file: true,
  },
  {
    label: 'multipart, file as text',
    type: 'multipart/form-data; boundary=t',
    body: multipart('t', [{ name: 'file', value: 'hello' }]),
  },
  {
    label: 'multipart, not an image',
    type: 'multipart/form-data; boundary=n',
    body: multipart('n', [{ name: 'file', value: 'just text', filename: 'notes.png' }]),
    file: true,
  },
  {
    label: 'multipart, empty file',
    type: 'multipart/form-data; boundary=e',
    body: multipart('e', [{ name: 'file', value: '', filename: 'empty.png' }]),
    file: true,
  },
  { label: 'broken JSON', type: 'application/json', body: '{"tags": ["site"' },
  // An object, not a list: a list would reach the server action itself (see the note in e2e/fuzz.spec.ts).
  { label: 'JSON of the wrong shape', type: 'application/json', body: '{"tags":[[[[[{"__proto__":{"x":1}}]]]]]}' },
  { label: 'huge JSON string', type: 'application/json', body: JSON.stringify({ tags: ['x'.repeat(200_000)] }) },
  { label: 'url-encoded junk', type: 'application/x-www-form-urlencoded', body: 'file=%%&a=%E0%A4%A&&&=' },
  { label: 'empty text', type: 'text/plain', body: '' },
  { label: 'binary', type: 'application/octet-stream', body: '\u0000\u0001\u00ff'.repeat(100) },
];

const cookies = [
  'authjs.session-token=garbage',
  `authjs.session-token=${'a'.repeat(4000)}`,
  '__Secure-authjs.session-token=x.y.z',
  'authjs.session-token=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2Q0JDLUhTNTEyIn0..x.y.z',
  'authjs.session-token.0=abc; authjs.session-token.1=def',
  'authjs.callback-url=javascript:alert(1)',
  'authjs.callback-url=%E0%A4%A',
  'authjs.csrf-token=%%%',
  'authjs.pkce.code_verifier=x; authjs.state=y',
  'a=b; a=c; ;;; =x; %=%',
  `big=${'c'.repeat(7000)}`,
];
const cookiePages = [
  '/',
  '/posts/hello-world',
  '/account',
  '/dashboard',
  '/api/me',
  '/signin',
  '/api/auth/session',
  '/moderation',
];

const oddHeaders: Record<string, string>[] = [
  { 'x-forwarded-proto': 'a b' },
  { 'x-forwarded-proto': 'https, http' },
  { 'x-forwarded-host': 'a b' },
  { 'x-forwarded-host': 'evil.example, localhost' },
  { 'x-forwarded-for': 'garbage, , 999.1.1.1' },
  { 'x-real-ip': 'not an address' },
  { accept: 'text/x-component' },
  { rsc: '1' },
  { 'next-router-prefetch': '1' },
  { 'accept-language': `${'x'.repeat(40)},`.repeat(60) },
  { 'user-agent': 'x'.repeat(5000) },
  { range: 'bytes=junk' },
  { 'if-none-match': `"${'x'.repeat(100)}` },
  { 'if-modified-since': 'yesterday' },
  { referer: 'javascript:alert(1)' },
  { 'content-type': 'multipart/form-data' },
  { 'next-action': 'x' },
  { origin: 'null' },
  { 'accept-encoding': 'br;q=junk, *;q=-1' },
];
const headerPages = [
  '/',
  '/posts/hello-world',
  '/api/me',
  '/account',
  '/signin',
  '/api/auth/session',
  '/feed.xml',
  '/uploads/x.webp',
];

/** The corpus; `actionId` is a real server action id of the sign-in page (`$ACTION_ID_…` in its HTML). */
export function fuzzRequests({ actionId }: { actionId: string }): FuzzRequest[] {
  const random = seeded(20261201);
  const requests: FuzzRequest[] = [];
  const get = (label: string, path: string, headers?: Record<string, string>) =>
    requests.push({ label, method: 'GET', path, headers });

  for (const path of brokenEncodings) get('broken percent-encoding', path);
  for (const base of ['/posts/', '/labels/', '/authors/', '/search/results/_', '/api/views/', '/uploads/']) {
    for (const length of [300, 2000, 8000]) get(`overlong (${length})`, base + 'a'.repeat(length));
  }
  get('many segments', '/a'.repeat(1500));
  get('repeated slashes', '//posts//hello-world//');
  get('backslashes', '/posts\\..\\..\\etc');
  for (const address of numberedAddresses) {
    for (const number of sample(junkNumbers, 6, random)) get('junk number', address(encodeURIComponent(number)));
  }
  for (const query of queries) {
    for (const path of sample([...pages, ...files, ...handlers], 3, random)) get('odd query', path + query);
  }
  for (const method of methods) {
    for (const path of sample([...pages, ...files, ...handlers, '/api/uploads', '/api/import'], 5, random)) {
      requests.push({ label: `${method} request`, method, path, headers: { 'content-type': 'text/plain' }, body: 'x' });
    }
  }

  // Bodies: to pages (which only take server actions), to the sign-in page's real action, and to every
  // route handler that takes a POST, behind its sign-in check where there is one.
  const json = { 'content-type': 'application/json' };
  for (const { label, type, body, file } of badBodies) {
    const headers = { 'content-type': type };
    for (const path of sample(pages, 2, random))
      requests.push({ label: `${label} to a page`, method: 'POST', path, headers, body });
    requests.push({
      label: `${label} to an action`,
      method: 'POST',
      path: '/signin',
      headers: { ...headers, 'next-action': actionId },
      body,
    });
    requests.push({
      label: `${label} to uploads`,
      method: 'POST',
      path: '/api/uploads',
      headers,
      body,
      signedIn: true,
    });
    if (!file)
      requests.push({
        label: `${label} to the importer`,
        method: 'POST',
        path: '/api/import',
        headers,
        body,
        signedIn: true,
      });
    requests.push({
      label: `${label} to the cache endpoint`,
      method: 'POST',
      path: '/api/internal/revalidate',
      headers: { ...headers, authorization: 'Bearer wrong' },
      body,
    });
    requests.push({
      label: `${label} to unsubscribe`,
      method: 'POST',
      path: '/api/unsubscribe?u=x&k=replies&t=y',
      headers,
      body,
    });
    requests.push({
      label: `${label} to sign-in`,
      method: 'POST',
      path: '/api/auth/callback/credentials',
      headers,
      body,
    });
    requests.push({ label: `${label} to the session`, method: 'POST', path: '/api/auth/session', headers, body });
    requests.push({
      label: `${label} to a GET-only handler`,
      method: 'POST',
      path: sample(handlers, 1, random)[0]!,
      headers,
      body,
    });
  }
  for (const origin of ['https://evil.example', 'null', 'garbage', '']) {
    const headers = { origin, 'content-type': 'text/plain' };
    requests.push({
      label: `action from origin "${origin}"`,
      method: 'POST',
      path: '/signin',
      headers: { ...headers, 'next-action': actionId },
      body: '[]',
    });
    requests.push({
      label: `unknown action from origin "${origin}"`,
      method: 'POST',
      path: '/',
      headers: { ...headers, 'next-action': 'f'.repeat(42) },
      body: '[]',
    });
    requests.push({
      label: `upload from origin "${origin}"`,
      method: 'POST',
      path: '/api/uploads',
      headers,
      body: 'x',
      signedIn: true,
    });
    requests.push({
      label: `import from origin "${origin}"`,
      method: 'POST',
      path: '/api/import',
      headers,
      body: 'x',
      signedIn: true,
    });
  }
  for (const id of ['garbage', '', '0'.repeat(42), 'x'.repeat(5000)]) {
    requests.push({
      label: 'unknown action id',
      method: 'POST',
      path: '/posts/hello-world',
      headers: { 'next-action': id, 'content-type': 'text/plain' },
      body: '[]',
    });
  }
  requests.push({
    label: 'sign-in provider junk',
    method: 'POST',
    path: '/api/auth/signin/oidc',
    headers: json,
    body: '{',
  });
  requests.push({ label: 'sign-out junk', method: 'POST', path: '/api/auth/signout', headers: json, body: '{' });
  get('unknown Auth.js action', '/api/auth/nope');
  get('callback without a flow', '/api/auth/callback/oidc?code=x&state=y');
  get('sign-in link that never was', '/api/auth/callback/nodemailer?token=x&email=a%40b.c');
  get('return address Auth.js cannot read', '/api/auth/signin?callbackUrl=javascript:alert(1)');
  get('return address that is no address', '/api/auth/session?callbackUrl=garbage');

  for (const cookie of cookies) {
    for (const path of sample(cookiePages, 4, random)) get('bad cookie', path, { cookie });
  }
  for (const headers of oddHeaders) {
    for (const path of sample(headerPages, 4, random)) get(`header ${Object.keys(headers)[0]}`, path, headers);
  }
  return requests;
}
