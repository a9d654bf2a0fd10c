import 'server-only';
import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { clearSignInFailures, getThrottleStates, recordSignInFailure } from '@/db/queries/sign-in-throttle';
import { getUserByEmail } from '@/db/queries/users';
import { siteUrl } from './env';
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

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  // Generated on first start and kept in the data folder when AUTH_SECRET is not set.
  secret: ensureSecret('auth'),
  trustHost: true,
  // Credentials sign-in requires JWT sessions; the server re-reads the user on every request (lib/session.ts).
  session: { strategy: 'jwt', maxAge: 30 * 24 * 60 * 60 },
  useSecureCookies: siteUrl().startsWith('https://'),
  pages: { signIn: '/signin' },
  logger: {
    // A wrong password is an expected answer, not a server error: keep it out of the error log.
    error(error) {
      if (error instanceof CredentialsSignin || error.name === 'CredentialsSignin') return;
      console.error(`[auth] ${error.name}: ${error.message}`);
    },
  },
  providers: [
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
}));
