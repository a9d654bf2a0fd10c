import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { getPasswordReset } from '@/db/queries/password-resets';
import { hitRateLimits } from './rate-limits';
import { saveSiteSettings } from '@/db/queries/settings';
import { createUser } from '@/lib/services/users';
import { passwordResets } from '@/db/tables';
import type { QuireDatabase } from '@/db/client';
import { useTestDatabase } from '@/db/test-database';
import { hashPasswordResetToken, PASSWORD_RESET_LINK_HOURS, startPasswordReset } from './password-reset';
import { passwordResetLimits, rateLimitPolicies } from '../server/rate-limit';

const now = new Date('2026-12-01T10:00:00Z');
let db: QuireDatabase;

beforeEach(async () => {
  db = await useTestDatabase();
});

function tokenIn(text: string): string {
  const token = text.match(/\/signin\/reset\/confirm\?token=([\w-]+)/)?.[1];
  expect(token).toBeTruthy();
  return token!;
}

describe('hashPasswordResetToken', () => {
  it('is the SHA-256 of the token, never the token itself', () => {
    const hash = hashPasswordResetToken('a-random-token');
    expect(hash).toBe(createHash('sha256').update('a-random-token').digest('hex'));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashPasswordResetToken('another-token')).not.toBe(hash);
  });
});

describe('startPasswordReset', () => {
  it('mails an account a one-hour link and stores only the hash of its token', async () => {
    const user = await createUser({ email: 'ada@quire.test', name: 'Ada', role: 'reader', passwordHash: 'hash' });
    const mail = await startPasswordReset({ email: 'ADA@quire.test', returnTo: '/' }, now);
    expect(mail).toMatchObject({ to: 'ada@quire.test', subject: 'Choose a new password for Quire' });
    expect(mail!.text).toContain('choose a new password');
    const token = tokenIn(mail!.text);
    expect(tokenIn(mail!.html)).toBe(token);
    expect(mail!.text).not.toContain('returnTo');

    expect(await db.select({ tokenHash: passwordResets.tokenHash }).from(passwordResets)).toEqual([
      { tokenHash: hashPasswordResetToken(token) },
    ]);
    expect(await getPasswordReset({ tokenHash: token, now })).toBeNull();
    const hourMs = PASSWORD_RESET_LINK_HOURS * 3_600_000;
    expect(
      await getPasswordReset({ tokenHash: hashPasswordResetToken(token), now: new Date(now.getTime() + hourMs - 1) }),
    ).toMatchObject({ userId: user.id });
    expect(
      await getPasswordReset({ tokenHash: hashPasswordResetToken(token), now: new Date(now.getTime() + hourMs) }),
    ).toBeNull();
  });

  it('mails nothing and stores nothing for an address without an account', async () => {
    expect(await startPasswordReset({ email: 'nobody@quire.test', returnTo: '/' }, now)).toBeNull();
    expect(await db.select().from(passwordResets)).toEqual([]);
  });

  it('lets an account without a password set one, and keeps where to return', async () => {
    await createUser({ email: 'link@quire.test', name: 'By link', role: 'reader' });
    const mail = await startPasswordReset({ email: 'link@quire.test', returnTo: '/posts/hello-world?x=1' }, now);
    expect(mail!.text).toContain('set a password for your account');
    expect(mail!.text).toContain('&returnTo=%2Fposts%2Fhello-world%3Fx%3D1');
  });

  it('escapes the site title in the mail', async () => {
    await saveSiteSettings({ title: '<img src=x onerror=alert(1)> & Co' });
    await createUser({ email: 'ada@quire.test', name: 'Ada', role: 'reader', passwordHash: 'hash' });
    const mail = (await startPasswordReset({ email: 'ada@quire.test', returnTo: '/' }, now))!;
    expect(mail.html).not.toContain('<img');
    expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; Co');
    expect(mail.text).toContain('<img src=x onerror=alert(1)> & Co');
  });

  it('makes a new link void the older one', async () => {
    await createUser({ email: 'ada@quire.test', name: 'Ada', role: 'reader', passwordHash: 'hash' });
    const first = tokenIn((await startPasswordReset({ email: 'ada@quire.test', returnTo: '/' }, now))!.text);
    const second = tokenIn((await startPasswordReset({ email: 'ada@quire.test', returnTo: '/' }, now))!.text);
    expect(second).not.toBe(first);
    expect(await getPasswordReset({ tokenHash: hashPasswordResetToken(first), now })).toBeNull();
    expect(await getPasswordReset({ tokenHash: hashPasswordResetToken(second), now })).not.toBeNull();
  });
});

describe('password-reset rate limits', () => {
  it('allows three requests an hour per address typed, account or not, with a sentence that names neither', async () => {
    await createUser({ email: 'ada@quire.test', name: 'Ada', role: 'reader', passwordHash: 'hash' });
    for (const email of ['ada@quire.test', 'nobody@quire.test']) {
      for (let request = 1; request <= 3; request++) {
        expect(await hitRateLimits(passwordResetLimits(email, `203.0.113.${request}`), now)).toEqual({ allowed: true });
      }
      const refused = await hitRateLimits(passwordResetLimits(email.toUpperCase(), '203.0.113.9'), now);
      expect(refused).toMatchObject({ allowed: false, message: rateLimitPolicies.passwordResetPerEmail.message });
    }
    expect(rateLimitPolicies.passwordResetPerEmail.message).not.toMatch(/account/i);
    expect(
      await hitRateLimits(passwordResetLimits('ada@quire.test', '203.0.113.9'), new Date(now.getTime() + 3_600_000)),
    ).toEqual({ allowed: true });
  });

  it('allows thirty requests an hour from one network address', async () => {
    for (let request = 1; request <= 30; request++) {
      expect(
        (await hitRateLimits(passwordResetLimits(`reader-${request}@quire.test`, '198.51.100.7'), now)).allowed,
      ).toBe(true);
    }
    expect(await hitRateLimits(passwordResetLimits('one-more@quire.test', '198.51.100.7'), now)).toMatchObject({
      allowed: false,
      message: 'Too many password resets asked for from your network. Try again in an hour.',
    });
  });
});
