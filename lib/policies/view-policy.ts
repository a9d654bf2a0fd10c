import { isbot } from 'isbot';

type HeaderReader = Pick<Headers, 'get'>;

/**
 * Whether a request for the view beacon is a person reading the page: not a crawler, not a
 * browser prefetching or prerendering a page the reader may never open.
 */
export function isCountableView(headers: HeaderReader): boolean {
  const userAgent = headers.get('user-agent');
  if (!userAgent || isbot(userAgent)) return false;
  const purpose = `${headers.get('sec-purpose') ?? ''} ${headers.get('purpose') ?? ''} ${headers.get('x-moz') ?? ''}`;
  if (/prefetch|prerender|preview/i.test(purpose)) return false;
  if (headers.get('next-router-prefetch') !== null) return false;
  return true;
}
