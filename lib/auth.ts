import 'server-only';
import { DrizzleAdapter } from '@auth/drizzle-adapter';
import { cookies } from 'next/headers';
import NextAuth, { CredentialsSignin } from 'next-auth';
import type { Adapter, AdapterUser } from 'next-auth/adapters';
import Credentials from 'next-auth/providers/credentials';
import GitHub from 'next-auth/providers/github';
import Google from 'next-auth/providers/google';
import Nodemailer from 'next-auth/providers/nodemailer';
import { getDb } from '@/db/client';
import { accounts, sessions, users, verificationTokens } from '@/db/schema';
import { clearSignInFailures, getThrottleStates, recordSignInFailure } from '@/db/queries/sign-in-throttle';
import { createUser, getUserByEmail } from '@/db/queries/users';
import { getSiteSettings } from '@/db/queries/settings';
import { siteUrl } from './env';
import { mailFrom, sendMail } from './mailer';
import { hashPassword, verifyPassword } from './passwords';
import { ensureSecret } from './secrets';
import { throttleDecision } from './sign-in-throttle';
import { signInSchema } from './validations/auth';

/** Thrown from authorize when the account or address is locked; its code reaches the sign-in form. */
export class SignInLockedError extends CredentialsSignin {
  code = 'locked';
}

// Verifying against this hash when the email is unknown makes a wrong email take as long as a wrong password.
let dummyHash: Promise<string> | undefined;
const timingDummy = () => (dummyHash ??= hashPassword('quire-timing-equaliser'));

function clientAddress(request: Request): string {
  const forwarded = request.headers.get('x-forwarded-for')?.split(',')[0]?.trim();
  return forwarded || request.headers.get('x-real-ip') || 'unknown';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The Drizzle adapter over Quire's tables (verification tokens for email links, accounts for OAuth),
 * with account creation going through Quire's own createUser so every new person gets a handle and
 * the reader role.
 */
function quireAdapter(): Adapter {
  const base = DrizzleAdapter(getDb(), {
    usersTable: users,
    accountsTable: accounts,
    sessionsTable: sessions,
    verificationTokensTable: verificationTokens,
  });
  return {
    ...base,
    async createUser(data: AdapterUser): Promise<AdapterUser> {
      // Quire accounts are reached by email (comments, notifications, linking): a provider must give one.
      if (!data.email) throw new Error('The sign-in provider did not share an email address.');
      const user = createUser({
        email: data.email,
        name: data.name ?? data.email.split('@')[0] ?? 'Reader',
        role: 'reader',
        emailVerified: data.emailVerified,
        image: data.image ?? null,
      });
      return { ...user, email: user.email ?? data.email };
    },
  };
}

/**
 * OAuth and OpenID Connect providers, each switched on by its settings in the environment. Accounts
 * are linked by email only when the provider says the email is verified (see the signIn callback).
 */
function oauthProviders() {
  const env = process.env;
  return [
    ...(env.AUTH_GITHUB_ID && env.AUTH_GITHUB_SECRET
      ? [
          GitHub({
            clientId: env.AUTH_GITHUB_ID,
            clientSecret: env.AUTH_GITHUB_SECRET,
            allowDangerousEmailAccountLinking: true,
          }),
        ]
      : []),
    ...(env.AUTH_GOOGLE_ID && env.AUTH_GOOGLE_SECRET
      ? [
          Google({
            clientId: env.AUTH_GOOGLE_ID,
            clientSecret: env.AUTH_GOOGLE_SECRET,
            allowDangerousEmailAccountLinking: true,
          }),
        ]
      : []),
    ...(env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET
      ? [
          {
            id: 'oidc',
            name: env.OIDC_NAME ?? 'OpenID Connect',
            type: 'oidc' as const,
            issuer: env.OIDC_ISSUER,
            clientId: env.OIDC_CLIENT_ID,
            clientSecret: env.OIDC_CLIENT_SECRET,
            allowDangerousEmailAccountLinking: true,
          },
        ]
      : []),
  ];
}

/** The OAuth/OIDC buttons the sign-in page shows: id and name of each configured provider. */
export function configuredOAuthProviders(): { id: string; name: string }[] {
  return oauthProviders().map((provider) => ({ id: provider.id, name: provider.name }));
}

/** The sign-in link mail: sent over SMTP, or written to the outbox with the link in the server log. */
async function sendSignInLink({ identifier, url }: { identifier: string; url: string }) {
  const { title } = getSiteSettings();
  const delivery = await sendMail({
    to: identifier,
    subject: `Sign in to ${title}`,
    text: `Open this link to sign in to ${title}:\n\n${url}\n\nIt works once, for 24 hours. If you did not ask for it, ignore this mail.\n`,
    html: `<p>Open this link to sign in to ${escapeHtml(title)}:</p><p><a href="${escapeHtml(url)}">Sign in</a></p><p>It works once, for 24 hours. If you did not ask for it, ignore this mail.</p>`,
  });
  // Without SMTP the embedded default has no other way to hand over the link.
  if (delivery.via === 'outbox')
    console.log(`Quire: sign-in link for ${identifier} written to ${delivery.file}: ${url}`);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  // Generated on first start and kept in the data folder when AUTH_SECRET is not set.
  secret: ensureSecret('auth'),
  trustHost: true,
  // Credentials sign-in requires JWT sessions; the server re-reads the user on every request (lib/session.ts).
  session: { strategy: 'jwt', maxAge: 30 * 24 * 60 * 60 },
  useSecureCookies: siteUrl().startsWith('https://'),
  pages: { signIn: '/signin', verifyRequest: '/signin/check-email', error: '/signin' },
  logger: {
    // A wrong password is an expected answer, not a server error: keep it out of the error log.
    error(error) {
      if (error instanceof CredentialsSignin || error.name === 'CredentialsSignin') return;
      const reason = error.cause as { message?: unknown; err?: { message?: unknown } } | undefined;
      const detail = reason?.err?.message ?? reason?.message;
      const cause = typeof detail === 'string' ? ` (${detail})` : '';
      console.error(`[auth] ${error.name}: ${error.message}${cause}`);
    },
  },
  adapter: quireAdapter(),
  providers: [
    Nodemailer({
      // Unused when there is no SMTP_URL: sendSignInLink writes to the outbox instead.
      server: process.env.SMTP_URL ?? 'smtp://localhost:25',
      from: mailFrom(),
      maxAge: 24 * 60 * 60,
      sendVerificationRequest: sendSignInLink,
    }),
    ...oauthProviders(),
    Credentials({
      credentials: { email: { type: 'email' }, password: { type: 'password' } },
      async authorize(raw, request) {
        const parsed = signInSchema.safeParse(raw);
        if (!parsed.success) return null;
        const { email, password } = parsed.data;
        const now = new Date();
        const keys = [`email:${email}`, `ip:${clientAddress(request)}`];
        const states = getThrottleStates(keys);
        let delayMs = 0;
        for (const key of keys) {
          const decision = throttleDecision(states.get(key) ?? null, now);
          if (!decision.allowed) throw new SignInLockedError();
          delayMs = Math.max(delayMs, decision.delayMs);
        }
        if (delayMs > 0) await sleep(delayMs);

        const user = getUserByEmail({ email });
        const matches = await verifyPassword(user?.passwordHash ?? (await timingDummy()), password);
        if (!user?.passwordHash || !matches) {
          recordSignInFailure(keys, now);
          return null;
        }
        clearSignInFailures(keys);
        return {
          id: user.id,
          name: user.name,
          email: user.email,
          image: user.image,
          sessionVersion: user.sessionVersion,
        };
      },
    }),
  ],
  callbacks: {
    signIn({ user, account, profile }) {
      if (account?.type !== 'oauth' && account?.type !== 'oidc') return true;
      const existing = user.email ? getUserByEmail({ email: user.email }) : null;
      if (!existing || existing.id === user.id) return true;
      // Another account already has this email: link them only when the provider vouches for the
      // address (GitHub profiles carry no such claim, so they never link by email alone).
      return profile?.email_verified === true ? true : '/signin?error=OAuthAccountNotLinked';
    },
    jwt({ token, user }) {
      // Stamped at sign-in; lib/session.ts compares it with the account's current version.
      if (user && 'sessionVersion' in user) token.sessionVersion = user.sessionVersion;
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      session.sessionVersion = typeof token.sessionVersion === 'number' ? token.sessionVersion : 0;
      return session;
    },
  },
  events: {
    // A marker the page script can read (the session cookie itself is HttpOnly): only browsers that
    // carry it ask /api/me who is signed in, so the cached pages cost visitors no extra request.
    async signIn() {
      (await cookies()).set(SIGNED_IN_MARKER, '1', {
        path: '/',
        sameSite: 'lax',
        maxAge: 30 * 24 * 60 * 60,
        secure: siteUrl().startsWith('https:'),
      });
    },
    async signOut() {
      (await cookies()).delete(SIGNED_IN_MARKER);
    },
  },
}));

/** The name of the non-secret "someone is signed in here" cookie. */
export const SIGNED_IN_MARKER = 'quire-signed-in';
