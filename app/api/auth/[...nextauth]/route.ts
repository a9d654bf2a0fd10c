import type { NextRequest } from 'next/server';
import { hitRateLimits } from '@/lib/services/rate-limits';
import { handlers } from '@/lib/server/auth';
import { clientAddress } from '@/lib/server/client-address';
import { getEnv } from '@/lib/server/env';
import { signInLinkLimits } from '@/lib/server/rate-limit';

export const { GET } = handlers;

/**
 * Auth.js's own endpoints. Asking for a sign-in link here (rather than through the sign-in page's
 * action) counts against the same limits, so the endpoint cannot be used to flood someone's inbox.
 */
export async function POST(request: NextRequest): Promise<Response> {
  if (request.nextUrl.pathname.endsWith('/signin/nodemailer')) {
    const email = await request
      .clone()
      .formData()
      .then((form) => String(form.get('email') ?? ''))
      .catch(() => '');
    const limit = await hitRateLimits(signInLinkLimits(email, clientAddress(request.headers, getEnv().TRUST_PROXY)));
    if (!limit.allowed) {
      return new Response(limit.message, { status: 429, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
    }
  }
  return handlers.POST(request);
}
