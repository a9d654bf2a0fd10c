import { beforeAll, describe, expect, it } from 'vitest';
import type { QuireDatabase } from '../client';
import { generateLargeBlog } from '@/bench/large-blog';
import { useTestDatabase } from '../test-database';
import { listFeedComments } from './comment-feeds';
import { listVisibleComments } from './comments';
import { getLabelBySlug, listLabelsWithPosts } from './labels';
import {
  getAdjacentPosts,
  getArchiveMonths,
  getPublishedPostBySlug,
  listFeedPosts,
  listPostsByAuthor,
  listPostsByLabel,
  listPostsByMonth,
  listPublishedPosts,
} from './posts';
import { searchPosts } from './search';
import { listCommentsPerDay, listTopPosts, listViewsPerDay } from './stats';
import { getAuthorByHandle } from './users';
import { listPopularPosts } from './views';
import { windowStart } from '@/lib/policies/stats';

let db: QuireDatabase;
const now = new Date('2026-11-26T12:00:00Z');

/** Runs `read` while recording every statement it prepares and the values bound to it. */
async function captureStatements(read: () => unknown): Promise<{ sql: string; params: unknown[] }[]> {
  const sqlite = db.$client;
  const original = sqlite.prepare.bind(sqlite);
  const seen: { sql: string; params: unknown[] }[] = [];
  sqlite.prepare = ((source: string) => {
    const statement = original(source);
    for (const method of ['all', 'get', 'run', 'iterate'] as const) {
      const run = (statement as unknown as Record<string, (...args: unknown[]) => unknown>)[method]!.bind(statement);
      (statement as unknown as Record<string, unknown>)[method] = (...params: unknown[]) => {
        seen.push({ sql: source, params });
        return run(...params);
      };
    }
    return statement;
  }) as typeof sqlite.prepare;
  try {
    await read();
  } finally {
    sqlite.prepare = original;
  }
  return seen;
}

function fullScans(statements: { sql: string; params: unknown[] }[]): string[] {
  const scans: string[] = [];
  for (const { sql, params } of statements) {
    const plan = db.$client.prepare(`explain query plan ${sql}`).all(...params) as { detail: string }[];
    for (const { detail } of plan) {
      // "SCAN posts" reads a whole table; "SEARCH … USING INDEX" and FTS lookups do not.
      if (
        /^SCAN (posts|comments|post_views|post_labels|labels|users)\b(?! USING (COVERING )?INDEX \w+ \()/.test(detail)
      ) {
        scans.push(`${detail}  ← ${sql.slice(0, 120)}`);
      }
    }
  }
  return scans;
}

beforeAll(async () => {
  db = await useTestDatabase();
  generateLargeBlog(db, { posts: 3000, comments: 20_000, fixedComments: { 'busy-post': 300 }, now });
}, 60_000);

describe('page queries on a large database', () => {
  const reads: Record<string, () => unknown> = {
    home: () => listPublishedPosts({ page: 3, perPage: 10 }),
    'post page': async () => {
      const post = (await getPublishedPostBySlug({ slug: 'busy-post' }))!;
      await getAdjacentPosts(post);
      return listVisibleComments({ postId: post.id });
    },
    'label page': async () =>
      listPostsByLabel({ labelId: (await getLabelBySlug({ slug: 'topic-3' }))!.id, page: 2, perPage: 10 }),
    'author page': async () =>
      listPostsByAuthor({ authorId: (await getAuthorByHandle({ handle: 'writer-2' }))!.id, page: 1, perPage: 10 }),
    archive: () => getArchiveMonths(),
    'archive month': () => listPostsByMonth({ year: 2026, month: 10 }),
    search: () => searchPosts({ query: 'garden kitchen', limit: 10 }),
    feed: () => listFeedPosts({ limit: 20 }),
    'popular posts': () => listPopularPosts({ days: 30, limit: 5, now }),
    'comments feed': () => listFeedComments({ limit: 30 }),
    'a post’s comments feed': async () =>
      listFeedComments({ postId: (await getPublishedPostBySlug({ slug: 'busy-post' }))!.id, limit: 30 }),
    'labels index': () => listLabelsWithPosts(),
    'an author’s stats': async () => {
      const scope = { authorId: (await getAuthorByHandle({ handle: 'writer-2' }))!.id };
      await listViewsPerDay({ scope, since: windowStart(90, now) });
      await listCommentsPerDay({ scope, since: windowStart(90, now) });
      return listTopPosts({ authorId: scope.authorId, since: windowStart(90, now), limit: 10 });
    },
  };

  // The labels index lists every label, so walking the labels table is its job (the planner may
  // start there since posts gained a covering index for its status and date); posts and their
  // labels must still be reached by index.
  const listsWholeTable: Record<string, RegExp> = { 'labels index': /^SCAN labels\b/ };

  it.each(Object.keys(reads))('%s reads no whole table', async (name) => {
    const statements = await captureStatements(reads[name]!);
    expect(statements.length).toBeGreaterThan(0);
    expect(fullScans(statements).filter((scan) => !listsWholeTable[name]?.test(scan))).toEqual([]);
  });

  it('notices a full scan when there is one', async () => {
    const statements = await captureStatements(() =>
      db.$client.prepare('select * from comments where body_html like ?').all('%x%'),
    );
    expect(fullScans(statements)).toHaveLength(1);
  });
});
