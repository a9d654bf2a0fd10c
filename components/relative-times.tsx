'use client';

import { usePathname } from 'next/navigation';
import { useEffect } from 'react';
import { formatDateTime } from '@/lib/policies/format';

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['week', 7 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

export function relativeTime(date: Date, now: Date, format = new Intl.RelativeTimeFormat('en', { numeric: 'auto' })) {
  const elapsed = date.getTime() - now.getTime();
  for (const [unit, size] of units) {
    if (Math.abs(elapsed) >= size) return format.format(Math.round(elapsed / size), unit);
  }
  return 'just now';
}

/**
 * Turns `<time data-relative>` dates into "3 hours ago" in the reader's browser, with the exact time
 * in the title, shown on hover. The cached page carries the absolute date (what readers without
 * JavaScript and search engines see).
 */
export function RelativeTimes() {
  const pathname = usePathname();
  useEffect(() => {
    const update = () => {
      const now = new Date();
      for (const element of document.querySelectorAll<HTMLTimeElement>('time[data-relative]')) {
        const date = new Date(element.dateTime);
        if (Number.isNaN(date.getTime())) continue;
        const text = relativeTime(date, now);
        // Written only when it changes: a write is a mutation the observer below answers, and
        // rewriting every date each time kept the page busy on every animation frame.
        if (element.textContent !== text) element.textContent = text;
        if (!element.title) element.title = formatDateTime(date);
      }
    };
    update();
    // Pages also change without a new address (a posted comment, an edit): follow the DOM.
    let scheduled = false;
    const observer = new MutationObserver(() => {
      if (scheduled) return;
      scheduled = true;
      requestAnimationFrame(() => {
        scheduled = false;
        update();
      });
    });
    observer.observe(document.body, { childList: true, subtree: true });
    const timer = window.setInterval(update, 60_000);
    return () => {
      observer.disconnect();
      window.clearInterval(timer);
    };
  }, [pathname]);
  return null;
}
