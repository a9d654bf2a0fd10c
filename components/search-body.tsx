'use client';

import { useEffect, useRef } from 'react';

type SearchBodyProps = { html: string };

/**
 * The search page's body, from lib/services/search-html.ts. A client component on purpose: a query's first
 * asking is served as the cached shell page with its results put into this element's HTML
 * (app/search/answer/route.ts), while the page's flight data holds only the shell's marker. React
 * does not compare or replace `dangerouslySetInnerHTML` content when it hydrates, so the results in
 * the HTML stay and the header's client components still hydrate around them.
 */
export function SearchBody({ html }: SearchBodyProps) {
  const element = useRef<HTMLDivElement>(null);
  // Next sets the shell's title ("Search") from its flight data once the page has hydrated (metadata
  // arrives after the body); the filled page carries the query's title in data-title and keeps it
  // while this page is shown. Leaving the page unmounts this and stops the watch.
  useEffect(() => {
    const title = element.current?.dataset.title;
    if (!title) return;
    const keep = () => {
      if (document.title !== title) document.title = title;
    };
    keep();
    const watch = new MutationObserver(keep);
    watch.observe(document.head, { childList: true, subtree: true, characterData: true });
    return () => watch.disconnect();
  }, []);
  return <div ref={element} data-search-body="" dangerouslySetInnerHTML={{ __html: html }} suppressHydrationWarning />;
}
