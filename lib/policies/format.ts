// One style per kind of date, everywhere: a date is "1 December 2026"; a date with a time is
// "1 December 2026, 06:54", followed by the zone when the server renders it (UTC, so every visitor
// and the cache see the same text). Browser-side screens (the editor) use the reader's own zone.
const dateParts = { day: 'numeric', month: 'long', year: 'numeric' } as const;
const timeParts = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } as const;
const dateFormat = new Intl.DateTimeFormat('en-GB', { ...dateParts, timeZone: 'UTC' });
const timeFormat = new Intl.DateTimeFormat('en-GB', { ...timeParts, timeZone: 'UTC' });
const monthFormat = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

/** 26 November 2026 (UTC). */
export function formatDate(date: Date): string {
  return dateFormat.format(date);
}

/** 26 November 2026, 06:54 UTC: for server-rendered pages. */
export function formatDateTime(date: Date): string {
  return `${dateFormat.format(date)}, ${timeFormat.format(date)} UTC`;
}

/** 26 November 2026, 07:54 in the reader's time zone (or `timeZone`): for browser-side screens. */
export function formatLocalDateTime(date: Date, timeZone?: string): string {
  const day = new Intl.DateTimeFormat('en-GB', { ...dateParts, timeZone }).format(date);
  return `${day}, ${formatLocalTime(date, timeZone)}`;
}

/** 07:54 in the reader's time zone (or `timeZone`): "saved at" times on a screen open right now. */
export function formatLocalTime(date: Date, timeZone?: string): string {
  return new Intl.DateTimeFormat('en-GB', { ...timeParts, timeZone }).format(date);
}

export function formatMonth(year: number, month: number): string {
  return monthFormat.format(new Date(Date.UTC(year, month - 1, 1)));
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
