import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { defaultModerationRules } from '@/lib/policies/moderation-policy';
import type { QuireDatabase } from '@/db/client';
import { saveModerationRules } from '@/db/queries/moderation';
import { settings } from '@/db/schema';
import { useTestDatabase } from '@/db/test-database';
import { getModerationRules } from './moderation-rules';

let db: QuireDatabase;

beforeEach(() => {
  db = useTestDatabase();
});

describe('getModerationRules', () => {
  it('gives the defaults until rules are saved', () => {
    expect(getModerationRules()).toEqual(defaultModerationRules);
  });

  it('sees every change at once, however often the same rules were read before', () => {
    db.transaction((tx) => saveModerationRules(tx, { ...defaultModerationRules, holdMode: 'first' }));
    expect(getModerationRules().holdMode).toBe('first');
    expect(getModerationRules().holdMode).toBe('first');
    db.transaction((tx) => saveModerationRules(tx, { ...defaultModerationRules, holdMode: 'all', maxLinks: 5 }));
    expect(getModerationRules()).toMatchObject({ holdMode: 'all', maxLinks: 5 });
    // Written by another process (the CLI, a restore): the stored text is what counts.
    db.update(settings).set({ value: '{"blockWords":["spam"]}' }).where(eq(settings.key, 'moderation_rules')).run();
    expect(getModerationRules()).toEqual({ ...defaultModerationRules, blockWords: ['spam'] });
  });

  it('falls back to the defaults when the stored rules cannot be read', () => {
    db.insert(settings).values({ key: 'moderation_rules', value: 'not json' }).run();
    expect(getModerationRules()).toEqual(defaultModerationRules);
  });
});
