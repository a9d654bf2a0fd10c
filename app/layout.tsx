import type { Metadata, Viewport } from 'next';
import { SiteFooter } from '@/components/site-footer';
import { RelativeTimes } from '@/components/relative-times';
import { SiteHeader } from '@/components/site-header';
import { siteUrl } from '@/lib/server/env';
import { readSiteMenu, readSiteSettings } from '@/lib/services/reads';
import './globals.css';

export async function generateMetadata(): Promise<Metadata> {
  const settings = await readSiteSettings();
  return {
    metadataBase: new URL(siteUrl()),
    title: { default: settings.title, template: `%s · ${settings.title}` },
    description: settings.description,
    openGraph: { siteName: settings.title, locale: 'en_GB' },
  };
}

export const viewport: Viewport = {
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#fdfcfa' },
    { media: '(prefers-color-scheme: dark)', color: '#15140f' },
  ],
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const [settings, menu] = await Promise.all([readSiteSettings(), readSiteMenu()]);
  return (
    <html lang="en">
      <body className="min-h-screen font-sans antialiased">
        <a
          href="#content"
          className="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-4 focus:z-50 focus:rounded focus:bg-[var(--color-card)] focus:px-4 focus:py-2"
        >
          Skip to content
        </a>
        <SiteHeader title={settings.title} menu={menu} />
        <div id="content" className="mx-auto w-full max-w-5xl px-4 py-8 sm:px-6">
          {children}
        </div>
        <SiteFooter title={settings.title} />
        <RelativeTimes />
      </body>
    </html>
  );
}
