import 'server-only';
import { inArray } from 'drizzle-orm';
import { getDb } from '../client';
import { settings } from '../schema';

export type SiteSettings = {
  title: string;
  description: string;
};

export const defaultSiteSettings: SiteSettings = {
  title: 'Quire',
  description: 'A blog powered by Quire.',
};

const keys = ['title', 'description'] as const satisfies readonly (keyof SiteSettings)[];

export function getSiteSettings(): SiteSettings {
  const rows = getDb().select().from(settings).where(inArray(settings.key, keys)).all();
  const values = Object.fromEntries(rows.map((row) => [row.key, row.value]));
  return { ...defaultSiteSettings, ...values };
}

export function saveSiteSettings(values: Partial<SiteSettings>): void {
  const db = getDb();
  db.transaction((tx) => {
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) continue;
      tx.insert(settings).values({ key, value }).onConflictDoUpdate({ target: settings.key, set: { value } }).run();
    }
  });
}
