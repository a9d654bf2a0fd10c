import { z } from 'zod';
import type { DayCount } from '@/db/queries/stats';

export type { DayCount };

/** The windows the stats page offers, in days. */
export const statsRanges = [7, 30, 90, 365] as const;
export type StatsRange = (typeof statsRanges)[number];
export const DEFAULT_STATS_RANGE: StatsRange = 30;

const firstValue = (value: unknown) => (Array.isArray(value) ? value[0] : value);

/**
 * The stats page's query: `range` (days) and an optional `post` id. Anything else in `range` is the
 * default window and a junk `post` is the whole blog: a hand-edited address still gets a page.
 */
export const statsParamsSchema = z.object({
  range: z.preprocess(
    firstValue,
    z
      .enum(statsRanges.map(String) as ['7', '30', '90', '365'])
      .transform((value) => Number(value) as StatsRange)
      .catch(DEFAULT_STATS_RANGE),
  ),
  post: z.preprocess(
    firstValue,
    z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional().catch(undefined),
  ),
});
export type StatsParams = z.infer<typeof statsParamsSchema>;

const DAY_MS = 86_400_000;

/** A UTC calendar day as post_views stores it: 2026-11-26. */
export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The first day of a window of `days` days ending today (UTC), today included. */
export function windowStart(days: number, now: Date): string {
  return utcDay(new Date(now.getTime() - (days - 1) * DAY_MS));
}

/**
 * One entry per day of the window, oldest first, with 0 for days nothing happened: the database
 * only holds days that had a view or a comment, and a chart with gaps would join far-apart days.
 */
export function fillDays(rows: DayCount[], days: number, now: Date): DayCount[] {
  const counts = new Map(rows.map((row) => [row.day, row.count]));
  const first = new Date(`${windowStart(days, now)}T00:00:00Z`).getTime();
  return Array.from({ length: days }, (_, index) => {
    const day = utcDay(new Date(first + index * DAY_MS));
    return { day, count: counts.get(day) ?? 0 };
  });
}

export function totalOf(series: DayCount[]): number {
  return series.reduce((sum, entry) => sum + entry.count, 0);
}
