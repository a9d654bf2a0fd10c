import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { defaultModerationRules } from '@/lib/policies/moderation-policy';
import { write, type QuireDatabase } from '@/db/client';
import { saveModerationRules } from '@/db/queries/moderation';
import { settings } from '@/db/tables';
import { useTestDatabase } from '@/db/test-database';
import { getModerationRules } from './moderation-rules';

let db: QuireDatabase;

beforeEach(async () => {
  db = await useTestDatabase();
});

describe('getModerationRules', () => {
  it('gives the defaults until rules are saved', async () => {
    expect(await getModerationRules()).toEqual(defaultModerationRules);
  });

  it('sees every change at once, however often the same rules were read before', async () => {
    await write((tx) => saveModerationRules(tx, { ...defaultModerationRules, holdMode: 'first' }));
    expect((await getModerationRules()).holdMode).toBe('first');
    expect((await getModerationRules()).holdMode).toBe('first');
    await write((tx) => saveModerationRules(tx, { ...defaultModerationRules, holdMode: 'all', maxLinks: 5 }));
    expect(await getModerationRules()).toMatchObject({ holdMode: 'all', maxLinks: 5 });
    // Written by another process (the CLI, a restore): the stored text is what counts.
    await db.update(settings).set({ value: '{"blockWords":["spam"]}' }).where(eq(settings.key, 'moderation_rules'));
    expect(await getModerationRules()).toEqual({ ...defaultModerationRules, blockWords: ['spam'] });
  });

  it('falls back to the defaults when the stored rules cannot be read', async () => {
    await db.insert(settings).values({ key: 'moderation_rules', value: 'not json' });
    expect(await getModerationRules()).toEqual(defaultModerationRules);
  });
});
