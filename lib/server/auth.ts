import 'server-only';
import { cookies, headers } from 'next/headers';
import NextAuth, { CredentialsSignin } from 'next-auth';
import type { Adapter, AdapterUser } from 'next-auth/adapters';
import Credentials from 'next-auth/providers/credentials';
import GitHub from 'next-auth/providers/github';
import Google from 'next-auth/providers/google';
import Nodemailer from 'next-auth/providers/nodemailer';
import { authTablesAdapter } from '@/db/queries/auth-adapter';
import type { User } from '@/db/schema';
import { clearSignInFailures, getThrottleStates, updateThrottleStates } from '@/db/queries/sign-in-throttle';
import { completePendingSignUp } from '@/db/queries/pending-sign-ups';
import { createSession, deleteSession } from '@/db/queries/sessions';
import { getUserByEmail } from '@/db/queries/users';
import { getSiteSettings } from '@/db/queries/settings';
import { clientAddress, requestIsHttps } from './client-address';
import { getEnv, siteUrl } from './env';
import { mailFrom, sendMail } from './mailer';
import { hashPassword, verifyPassword } from './passwords';
import { ensureSecret } from './secrets';
import { lockThreshold, recordFailure, throttleDecision } from './sign-in-throttle';
import { hashSignUpToken } from '../services/sign-up';
import { createUser, newAccountHandle } from '../services/users';
import { signInSchema } from '../validations/auth';
import { logger } from '@/lib/server/logger';
import escapeHtml from 'escape-html';

/** Thrown from authorize when the account or address is locked; its code reaches the sign-in form. */
export class SignInLockedError extends CredentialsSignin {
  code = 'locked';
}

// Verifying against this hash when the email is unknown makes a wrong email take as long as a wrong password.
let dummyHash: Promise<string> | undefined;
const timingDummy = () => (dummyHash ??= hashPassword('quire-timing-equaliser'));

const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

/**
 * Cookies get `Secure` when the site is https, or when this request came over https (directly or
 * through a trusted proxy): a site whose SITE_URL says http but is reached over https still gets them.
 */
export async function secureCookiesFor(request: { headers: Headers } | undefined): Promise<boolean> {
  if (siteUrl().startsWith('https://')) return true;
  let requestHeaders: Headers;
  try {
    requestHeaders = request?.headers ?? new Headers(await headers());
  } catch {
    return false; // outside a request (scripts): nothing is sent to a browser
  }
  return requestIsHttps(requestHeaders, getEnv().TRUST_PROXY);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The Drizzle adapter over Quire's tables (verification tokens for email links, accounts for OAuth),
 * with account creation going through Quire's own createUser so every new person gets a handle and
 * the reader role.
 */
function quireAdapter(): Adapter {
  const base = authTablesAdapter();
  return {
    ...base,
    async createUser(data: AdapterUser): Promise<AdapterUser> {
      // Quire accounts are reached by email (comments, notifications, linking): a provider must give one.
      if (!data.email) throw new Error('The sign-in provider did not share an email address.');
      const user = await createUser({
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
/** What a Credentials provider hands Auth.js for the session token. */
function sessionUser(user: Pick<User, 'id' | 'name' | 'email' | 'image' | 'sessionVersion'>) {
  return { id: user.id, name: user.name, email: user.email, image: user.image, sessionVersion: user.sessionVersion };
}

async function sendSignInLink({ identifier, url }: { identifier: string; url: string }) {
  const { title } = await getSiteSettings();
  const delivery = await sendMail({
    to: identifier,
    subject: `Sign in to ${title}`,
    text: `Open this link to sign in to ${title}:\n\n${url}\n\nIt works once, for 24 hours. If you did not ask for it, ignore this mail.\n`,
    html: `<p>Open this link to sign in to ${escapeHtml(title)}:</p><p><a href="${escapeHtml(url)}">Sign in</a></p><p>It works once, for 24 hours. If you did not ask for it, ignore this mail.</p>`,
  });
  // Without SMTP the embedded default has no other way to hand over the link.
  if (delivery.via === 'outbox')
    logger.info({ to: identifier, file: delivery.file }, `Sign-in link written to the outbox: ${url}`);
}

export const { handlers, auth, signIn, signOut } = NextAuth(async (request) => {
  const secureCookies = await secureCookiesFor(request);
  return {
    // Generated on first start and kept in the data folder when AUTH_SECRET is not set.
    secret: ensureSecret('auth'),
    trustHost: true,
    // Credentials sign-in requires JWT sessions; the server re-reads the user on every request (lib/server/session.ts).
    // Each session also has a row in the sessions table (see the jwt callback): signing out deletes
    // it, so a copied cookie stops working even though the JWT itself would still verify.
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
    useSecureCookies: secureCookies,
    pages: { signIn: '/signin', verifyRequest: '/signin/check-email', error: '/signin' },
    logger: {
      // A wrong password is an expected answer, not a server error: keep it out of the error log.
      error(error) {
        if (error instanceof CredentialsSignin || error.name === 'CredentialsSignin') return;
        const reason = error.cause as { message?: unknown; err?: { message?: unknown } } | undefined;
        const detail = reason?.err?.message ?? reason?.message;
        const cause = typeof detail === 'string' ? ` (${detail})` : '';
        logger.error(`Auth.js ${error.name}: ${error.message}${cause}`);
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
      // The button behind a sign-up confirmation link: the account is created here, with its email
      // verified, and its owner signed in (app/signup/actions.ts).
      Credentials({
        id: 'sign-up',
        name: 'Sign-up link',
        credentials: { token: {} },
        async authorize(raw) {
          const token = typeof raw.token === 'string' && raw.token.length <= 200 ? raw.token : null;
          const user = token
            ? await completePendingSignUp({ tokenHash: hashSignUpToken(token), chooseHandle: newAccountHandle })
            : null;
          return user ? sessionUser(user) : null;
        },
      }),
      Credentials({
        credentials: { email: { type: 'email' }, password: { type: 'password' } },
        async authorize(raw, request) {
          const parsed = signInSchema.safeParse(raw);
          if (!parsed.success) return null;
          const { email, password } = parsed.data;
          const now = new Date();
          // The address from the socket, or from X-Forwarded-For only as far as TRUST_PROXY allows:
          // a client's own forwarded entries would let it dodge the lock, or lock out someone else.
          const keys = [`email:${email}`, `ip:${clientAddress(request.headers, getEnv().TRUST_PROXY)}`];
          const states = await getThrottleStates(keys);
          let delayMs = 0;
          for (const key of keys) {
            const decision = throttleDecision(states.get(key) ?? null, now);
            if (!decision.allowed) throw new SignInLockedError();
            delayMs = Math.max(delayMs, decision.delayMs);
          }
          if (delayMs > 0) await sleep(delayMs);

          const user = await getUserByEmail({ email });
          const matches = await verifyPassword(user?.passwordHash ?? (await timingDummy()), password);
          if (!user?.passwordHash || !matches) {
            await updateThrottleStates(keys, (key, current) => recordFailure(current, now, lockThreshold(key)));
            return null;
          }
          await clearSignInFailures(keys);
          return sessionUser(user);
        },
      }),
    ],
    callbacks: {
      async signIn({ user, account, profile }) {
        if (account?.type !== 'oauth' && account?.type !== 'oidc') return true;
        const existing = user.email ? await getUserByEmail({ email: user.email }) : null;
        if (!existing || existing.id === user.id) return true;
        // Another account already has this email: link them only when the provider vouches for the
        // address (GitHub profiles carry no such claim, so they never link by email alone).
        return profile?.email_verified === true ? true : '/signin?error=OAuthAccountNotLinked';
      },
      async jwt({ token, user }) {
        if (!user) return token;
        // Stamped at sign-in; lib/server/session.ts compares it with the account's current version.
        if ('sessionVersion' in user) token.sessionVersion = user.sessionVersion;
        // The session's own id (not `jti`: Auth.js writes a new one each time it renews the cookie).
        const userId = user.id ?? token.sub;
        if (userId) {
          token.sid = crypto.randomUUID();
          await createSession({
            sessionId: token.sid,
            userId,
            expires: new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000),
          });
        }
        return token;
      },
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
        session.sessionVersion = typeof token.sessionVersion === 'number' ? token.sessionVersion : 0;
        session.sessionId = typeof token.sid === 'string' ? token.sid : '';
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
          maxAge: SESSION_MAX_AGE_SECONDS,
          secure: secureCookies,
        });
      },
      async signOut(message) {
        // Ends the session on the server too: the cookie a browser held (or someone copied) is dead.
        const sessionId = 'token' in message ? message.token?.sid : undefined;
        if (typeof sessionId === 'string') await deleteSession({ sessionId });
        (await cookies()).delete(SIGNED_IN_MARKER);
      },
    },
  };
});

/** The name of the non-secret "someone is signed in here" cookie. */
export const SIGNED_IN_MARKER = 'quire-signed-in';
