import { describe, expect, it } from 'vitest';
import { fillDays, statsParamsSchema, totalOf, windowStart } from './stats';

const now = new Date('2026-11-26T15:00:00Z');

describe('stats windows', () => {
  it('start days-1 days before today, today included', () => {
    expect(windowStart(1, now)).toBe('2026-11-26');
    expect(windowStart(7, now)).toBe('2026-11-20');
    expect(windowStart(365, now)).toBe('2025-11-27');
  });

  it('fill every day of the window, oldest first, zero where nothing happened', () => {
    const series = fillDays(
      [
        { day: '2026-11-21', count: 4 },
        { day: '2026-11-26', count: 2 },
        // Outside the window: not shown.
        { day: '2026-11-01', count: 99 },
      ],
      7,
      now,
    );
    expect(series.map((entry) => entry.day)).toEqual([
      '2026-11-20',
      '2026-11-21',
      '2026-11-22',
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
      '2026-11-26',
    ]);
    expect(series.map((entry) => entry.count)).toEqual([0, 4, 0, 0, 0, 0, 2]);
    expect(totalOf(series)).toBe(6);
  });

  it('cross a year and a leap day', () => {
    const series = fillDays([], 3, new Date('2028-03-01T00:00:00Z'));
    expect(series.map((entry) => entry.day)).toEqual(['2028-02-28', '2028-02-29', '2028-03-01']);
    expect(fillDays([], 365, now)).toHaveLength(365);
  });
});

describe('the stats page’s query', () => {
  it('takes the offered ranges and an id', () => {
    expect(statsParamsSchema.parse({ range: '7', post: '12' })).toEqual({ range: 7, post: 12 });
    expect(statsParamsSchema.parse({ range: ['365', '7'] })).toEqual({ range: 365, post: undefined });
  });

  it.each([{}, { range: '31' }, { range: '-7' }, { range: 'abc' }, { range: '' }, { range: '30.0' }])(
    'falls back to 30 days for %j',
    (query) => {
      expect(statsParamsSchema.parse(query).range).toBe(30);
    },
  );

  it.each(['abc', '0', '-3', '1.5', '99999999999999999999'])('ignores a junk post id %j', (post) => {
    expect(statsParamsSchema.parse({ post }).post).toBeUndefined();
  });
});
