import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatLocalDateTime, formatLocalTime, formatMonth, plural } from './format';

const morning = new Date(Date.UTC(2026, 11, 1, 6, 54, 30));
const evening = new Date(Date.UTC(2026, 11, 1, 18, 5));

describe('date formats', () => {
  it('writes a date as day, month name and year, in UTC', () => {
    expect(formatDate(morning)).toBe('1 December 2026');
    // 23:30 UTC on 31 December is still that day, whatever the server's own zone.
    expect(formatDate(new Date(Date.UTC(2026, 11, 31, 23, 30)))).toBe('31 December 2026');
  });

  it('writes a date with a time as "date, HH:MM" on the 24-hour clock, with the zone on the server', () => {
    expect(formatDateTime(morning)).toBe('1 December 2026, 06:54 UTC');
    expect(formatDateTime(evening)).toBe('1 December 2026, 18:05 UTC');
    expect(formatDateTime(new Date(Date.UTC(2026, 0, 2, 0, 0)))).toBe('2 January 2026, 00:00 UTC');
  });

  it('uses the same style in the browser, in the reader’s zone and without a zone name', () => {
    expect(formatLocalDateTime(morning, 'Europe/Berlin')).toBe('1 December 2026, 07:54');
    expect(formatLocalDateTime(evening, 'America/New_York')).toBe('1 December 2026, 13:05');
    expect(formatLocalTime(morning, 'UTC')).toBe('06:54');
    expect(formatLocalTime(evening, 'Asia/Tokyo')).toBe('03:05');
  });

  it('names months and counts things', () => {
    expect(formatMonth(2026, 2)).toBe('February 2026');
    expect(plural(0, 'comment')).toBe('0 comments');
    expect(plural(1, 'comment')).toBe('1 comment');
    expect(plural(2, 'reply', 'replies')).toBe('2 replies');
  });
});
