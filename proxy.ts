import { NextResponse, type NextRequest } from 'next/server';

/**
 * Answers 404 for paths with broken percent-encoding (`/posts/%E0%A4%A`), which Next.js 16 would
 * otherwise turn into a 500 while matching dynamic segments (vercel/next.js#92527). The matcher
 * only lets paths containing `%` in, so ordinary page views never run this code.
 */
export function proxy(request: NextRequest) {
  try {
    decodeURIComponent(request.nextUrl.pathname);
  } catch {
    return new NextResponse('Not found: the address has broken percent-encoding.', {
      status: 404,
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    });
  }
  return NextResponse.next();
}

export const config = {
  matcher: ['/:path(.*%.*)'],
};
