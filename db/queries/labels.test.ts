import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoPosts } from '@/lib/services/demo/posts';
import { seedDemo } from '@/lib/services/demo/seed';
import type { QuireDatabase } from '../client';
import { labels, postLabels, posts } from '../tables';
import { useTestDatabase } from '../test-database';
import { listLabelsWithPosts } from './labels';

let db: QuireDatabase;

beforeAll(async () => {
  db = await useTestDatabase();
  await seedDemo(new Date('2026-11-26T12:00:00Z'));
  // A label carried only by a draft: the index must not name it.
  const draft = (await db.select().from(posts).where(eq(posts.status, 'draft')))[0]!;
  const label = (await db.insert(labels).values({ name: 'Secret plans', slug: 'secret-plans' }).returning())[0]!;
  await db.insert(postLabels).values({ postId: draft.id, labelId: label.id });
}, 30_000);

describe('the labels index', () => {
  it('counts published posts only, per label, by name', async () => {
    const expected = new Map<string, number>();
    for (const post of demoPosts.filter((demo) => !demo.status)) {
      for (const name of post.labels) expected.set(name, (expected.get(name) ?? 0) + 1);
    }
    const listed = await listLabelsWithPosts();
    expect(new Map(listed.map((label) => [label.name, label.postCount]))).toEqual(expected);
    expect(listed.map((label) => label.name)).toEqual([...expected.keys()].sort((a, b) => a.localeCompare(b)));
    // Writing is on a draft too, and Garden on a scheduled post: neither counts.
    expect(listed.find((label) => label.name === 'Garden')?.postCount).toBe(1);
  });

  it('leaves out a label only drafts carry', async () => {
    expect((await listLabelsWithPosts()).map((label) => label.slug)).not.toContain('secret-plans');
  });
});
