import 'server-only';
import { inArray } from 'drizzle-orm';
import { z } from 'zod';
import { getDb, preparedStatements, write } from '../client';
import { settings } from '../tables';

export type SiteSettings = {
  title: string;
  description: string;
  /** Posts on a listing page (home, labels, authors). */
  postsPerPage: number;
  /** Whether a new post starts with comments open. */
  commentsOpenByDefault: boolean;
  /** What a new-post email carries: the excerpt, or the whole post. */
  newPostEmailBody: NewPostEmailBody;
};

export const newPostEmailBodies = ['excerpt', 'full'] as const;
export type NewPostEmailBody = (typeof newPostEmailBodies)[number];

export const defaultSiteSettings: SiteSettings = {
  title: 'Quire',
  description: 'A blog powered by Quire.',
  postsPerPage: 10,
  commentsOpenByDefault: true,
  newPostEmailBody: 'excerpt',
};

// Stored as text; a value that no longer parses (hand-edited, older version) falls back to the default.
const storedSettings = z.object({
  title: z.string().min(1).catch(defaultSiteSettings.title),
  description: z.string().catch(defaultSiteSettings.description),
  postsPerPage: z.coerce.number().int().min(1).max(50).catch(defaultSiteSettings.postsPerPage),
  commentsOpenByDefault: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .catch(defaultSiteSettings.commentsOpenByDefault),
  newPostEmailBody: z.enum(newPostEmailBodies).catch(defaultSiteSettings.newPostEmailBody),
});

const keys = Object.keys(defaultSiteSettings) as (keyof SiteSettings)[];

export async function getSiteSettings(): Promise<SiteSettings> {
  const rows = await getDb().select().from(settings).where(inArray(settings.key, keys));
  const values = Object.fromEntries(rows.map((row) => [row.key, row.value]));
  return storedSettings.parse({ ...stringified(defaultSiteSettings), ...values });
}

function stringified(values: Partial<SiteSettings>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => [key, String(value)]),
  );
}

export async function saveSiteSettings(values: Partial<SiteSettings>): Promise<void> {
  await write(async (tx) => {
    for (const [key, value] of Object.entries(stringified(values))) {
      await tx.insert(settings).values({ key, value }).onConflictDoUpdate({ target: settings.key, set: { value } });
    }
  });
}

const settingsVersionStatement = preparedStatements((db) =>
  db.select({ key: settings.key, value: settings.value }).from(settings).orderBy(settings.key).prepare(),
);

/**
 * Every stored setting in one string: it changes whenever a setting does. The search shell is kept
 * in memory against it (lib/server/search-shell.ts); one prepared statement over a few rows.
 */
export async function settingsVersion(): Promise<string> {
  const rows = await settingsVersionStatement().execute();
  return rows.map((row) => `${row.key}\u001f${row.value}`).join('\u001e');
}
