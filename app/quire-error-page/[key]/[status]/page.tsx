import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import Forbidden from '@/app/forbidden';
import NotFound from '@/app/not-found';

// The markup of the 404 and 403 pages for readers without JavaScript. When a page calls notFound()
// or forbidden(), Next 16 answers with an empty error shell and draws app/not-found.tsx in the
// browser; scripts/front-door.mjs fetches this page (inside the root layout, so with the live site
// title and menu, cached like any page until a write changes them) and puts its body into that
// shell. Only the front door knows the key, made afresh at each start: from outside this is a 404.
export const dynamicParams = true;
export async function generateStaticParams() {
  return [];
}

export const metadata: Metadata = { robots: { index: false, follow: true } };

/** Set by scripts/front-door.mjs (a global: the server and the app share the process, not modules). */
const ERROR_PAGE_KEY = Symbol.for('quire.error-page-key');

const pages: Record<string, () => React.ReactNode> = { '404': NotFound, '403': Forbidden };

type ErrorPageProps = { params: Promise<{ key: string; status: string }> };

export default async function ErrorPage({ params }: ErrorPageProps) {
  const { key, status } = await params;
  const expected = (globalThis as Record<symbol, unknown>)[ERROR_PAGE_KEY];
  const Page = Object.hasOwn(pages, status) ? pages[status] : undefined;
  if (typeof expected !== 'string' || key !== expected || !Page) notFound();
  return <Page />;
}
