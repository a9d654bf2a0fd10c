import { beforeEach, describe, expect, it } from 'vitest';
import { getPendingSignUp } from '@/db/queries/pending-sign-ups';
import { createUser } from '@/lib/services/users';
import { useTestDatabase } from '@/db/test-database';
import { hashSignUpToken, startSignUp } from './sign-up';

beforeEach(async () => {
  await useTestDatabase();
});

const input = { name: 'Ada', email: 'ada@quire.test', password: 'a long enough passphrase', returnTo: '/account' };

describe('startSignUp', () => {
  it('mails a new address a confirmation link and keeps only its hash', async () => {
    const mail = await startSignUp(input);
    expect(mail.to).toBe('ada@quire.test');
    const token = mail.text.match(/\/signup\/confirm\?token=([\w-]+)/)?.[1];
    expect(token).toBeTruthy();
    expect(await getPendingSignUp({ tokenHash: hashSignUpToken(token!) })).toMatchObject({ email: 'ada@quire.test' });
    expect(await getPendingSignUp({ tokenHash: token! })).toBeNull();
  });

  it('mails the owner of a taken address a note instead, with no link that makes an account', async () => {
    await createUser({ email: 'ada@quire.test', name: 'Ada', role: 'reader' });
    const mail = await startSignUp(input);
    expect(mail.to).toBe('ada@quire.test');
    expect(mail.text).toContain('tried to create an account');
    expect(mail.text).toContain('/signin');
    expect(mail.text).not.toContain('/signup/confirm');
    expect(mail.html).not.toContain('/signup/confirm');
  });
});
