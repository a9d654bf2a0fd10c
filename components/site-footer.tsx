import Link from 'next/link';
import { SubscribeForm } from './subscribe-form';

type SiteFooterProps = { title: string };

export function SiteFooter({ title }: SiteFooterProps) {
  return (
    <footer className="mt-12 border-t border-[var(--color-line)] text-sm text-[var(--color-muted)]">
      <div className="mx-auto flex w-full max-w-5xl flex-wrap justify-between gap-4 px-4 py-6 sm:px-6">
        <div className="flex flex-col gap-4">
          <p>{title} · powered by Quire</p>
          <SubscribeForm id="footer-subscribe" />
        </div>
        <p className="flex gap-4">
          <Link href="/labels">Labels</Link>
          <a href="/feed.xml">RSS feed</a>
          <a href="/atom.xml">Atom feed</a>
          <a href="/sitemap.xml">Sitemap</a>
        </p>
      </div>
    </footer>
  );
}
