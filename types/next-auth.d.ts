import 'next-auth';
import 'next-auth/jwt';

declare module 'next-auth' {
  interface Session {
    /** The account's session version when this session was issued. */
    sessionVersion: number;
    /** This session's row in the sessions table; empty for sessions from before it existed. */
    sessionId: string;
  }
  interface User {
    sessionVersion?: number;
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    sessionVersion?: number;
    /** The session's id, set at sign-in (see lib/server/auth.ts). */
    sid?: string;
  }
}
