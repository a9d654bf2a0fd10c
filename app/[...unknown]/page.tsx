import { notFound, permanentRedirect } from 'next/navigation';
import { legacyQueryPath } from '@/lib/server/old-addresses';
import { readOldAddress } from '@/lib/services/reads';

// Any address no other route claims. Rendering the 404 here, at request time, gives it the live
// site title and description (the built-in 404 page is prerendered at build, without the database).
// An imported site's old addresses (`/2011/05/slug.html`; `/?p=12`, which proxy.ts sends here as
// /wp-legacy/p/12) answer with a permanent redirect to the post's (or page's) new address.
export const dynamicParams = true;
export async function generateStaticParams() {
  return [];
}

type UnknownPageProps = { params: Promise<{ unknown: string[] }> };

function oldPath(segments: string[]): string | null {
  try {
    return legacyQueryPath(segments) ?? `/${segments.map((segment) => decodeURIComponent(segment)).join('/')}`;
  } catch {
    return null;
  }
}

export default async function UnknownPage({ params }: UnknownPageProps) {
  const path = oldPath((await params).unknown);
  const address = path ? await readOldAddress(path) : null;
  if (address) permanentRedirect(address);
  notFound();
}
