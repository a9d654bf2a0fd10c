import 'server-only';
import { asc, count, eq } from 'drizzle-orm';
import { getDb } from '../client';
import { labels, postLabels, posts } from '../tables';
import { isPublished } from './posts';

export type LabelWithCount = { id: number; name: string; slug: string; postCount: number };

export async function getLabelBySlug({ slug }: { slug: string }) {
  const [label] = await getDb().select().from(labels).where(eq(labels.slug, slug)).limit(1);
  return label ?? null;
}

/** Labels that have at least one published post, with how many. */
export async function listLabelsWithPosts(): Promise<LabelWithCount[]> {
  return getDb()
    .select({ id: labels.id, name: labels.name, slug: labels.slug, postCount: count() })
    .from(labels)
    .innerJoin(postLabels, eq(postLabels.labelId, labels.id))
    .innerJoin(posts, eq(posts.id, postLabels.postId))
    .where(isPublished)
    .groupBy(labels.id)
    .orderBy(asc(labels.name));
}
