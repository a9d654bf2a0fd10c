import { describe, expect, it } from 'vitest';
import { moderationActions } from '@/db/tables';
import { moderationActionLabels } from './action-labels';

describe('audit log action labels', () => {
  it('names every action in words, each differently', () => {
    const labels = moderationActions.map((action) => moderationActionLabels[action]);
    for (const label of labels) expect(label).toMatch(/^[A-Z][a-z]+( [a-z]+)*$/);
    expect(new Set(labels).size).toBe(moderationActions.length);
    expect(moderationActionLabels['dismiss-reports']).toBe('Dismissed reports');
  });
});
