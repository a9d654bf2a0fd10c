import 'server-only';
import { cacheLife, cacheTag } from 'next/cache';
import { addressBase, findRedirect } from '@/db/queries/authoring';
import { listVisibleComments } from '@/db/queries/comments';
import { getModerationRules } from './moderation-rules';
import { getLabelBySlug, listLabelsWithPosts } from '@/db/queries/labels';
import {
  getAdjacentPosts,
  getArchiveMonths,
  getPublishedPageBySlug,
  getPublishedPostBySlug,
  listFeedPosts,
  listPostsByAuthor,
  listPostsByLabel,
  listPostsByMonth,
  listPublishedPosts,
  listPublishedPages,
  listSitemapPosts,
} from '@/db/queries/posts';
import { listMenuLinks } from './menu';
import { searchPosts, type SearchResult } from '@/db/queries/search';
import { defaultSiteSettings, getSiteSettings, type SiteSettings } from '@/db/queries/settings';
import { getAuthorByHandle, listPublishedAuthors } from '@/db/queries/users';
import { imageLookupFor } from '@/lib/server/images';
import { listPopularPosts } from '@/db/queries/views';
import { cacheTags } from '../policies/cache-tags';
import { commentsCloseAt, commentsOpenNow } from '../policies/moderation-policy';

// The public reads behind every page. Each result is cached until a write invalidates one of its
// tags, so a page is rendered once and then served from Next's cache to every visitor. The post
// summaries carry comment counts: the reads that show them carry `comment-counts` (see cache-tags.ts).

export const POPULAR_POSTS_DAYS = 30;
export const POPULAR_POSTS_LIMIT = 5;
export const FEED_LIMIT = 20;
export const SEARCH_PER_PAGE = 10;
/** Longer queries are cut here (the search form's maxlength; proxy.ts cuts at the same length). */
export { MAX_SEARCH_LENGTH } from '@/lib/policies/search-params';

export async function readSiteSettings(): Promise<SiteSettings> {
  // The build prerenders the 404 page; it must not open (or create) the database.
  if (process.env.NEXT_PHASE === 'phase-production-build') return defaultSiteSettings;
  return cachedSiteSettings();
}

async function cachedSiteSettings(): Promise<SiteSettings> {
  'use cache';
  cacheLife('max');
  cacheTag(cacheTags.site);
  return getSiteSettings();
}

/** The header menu's links, in the layout of every page: `menu` empties them all when it changes. */
export async function readSiteMenu() {
  // Like the settings: the build's prerendered 404 must not open the database.
  if (process.env.NEXT_PHASE === 'phase-production-build') return [];
  return cachedSiteMenu();
}

async function cachedSiteMenu() {
  'use cache';
  cacheLife('max');
  cacheTag(cacheTags.menu, cacheTags.site);
  return listMenuLinks();
}

/** A published page (About, Contact) at /pages/<slug>: tagged like a post page by its slug. */
export async function readPage(slug: string) {
  'use cache';
  cacheLife('max');
  cacheTag(cacheTags.post(slug));
  const page = await getPublishedPageBySlug({ slug });
  if (!page) return null;
  return { page, cover: page.coverImage ? (await imageLookupFor(page.coverImage))(page.coverImage) : null };
}

/** The current slug of a published page that used to live at /pages/<slug>. */
export async function readPageRedirect(slug: string): Promise<string | null> {
  'use cache';
  cacheLife('max');
  cacheTag(cacheTags.post(slug));
  const target = await findRedirect({ path: `/pages/${slug}` });
  return target?.status === 'published' && target.kind === 'page' ? target.slug : null;
}

export async function readHomePage(page: number) {
  'use cache';
  cacheLife('max');
  cacheTag(cacheTags.commentCounts, cacheTags.postLists, cacheTags.site);
  return listPublishedPosts({ page, perPage: (await getSiteSettings()).postsPerPage });
}

export async function readPostPage(slug: string) {
  'use cache';
  cacheTag(cacheTags.post(slug), cacheTags.allPosts);
  const found = await getPublishedPostBySlug({ slug });
  // The "close comments after M days" rule: closed once the post is old enough, and until then the
  // page is kept only up to that moment, so it shows the change without anyone writing anything.
  const rules = await getModerationRules();
  const closesAt = found ? (commentsCloseAt(found.publishedAt, rules)?.getTime() ?? null) : null;
  const now = new Date();
  if (closesAt !== null && closesAt > now.getTime()) {
    const seconds = Math.max(1, Math.ceil((closesAt - now.getTime()) / 1000));
    cacheLife({ stale: Math.min(seconds, 300), revalidate: seconds, expire: seconds + 60 });
  } else {
    cacheLife('max');
  }
  if (!found) return null;
  const post = { ...found, commentsOpen: commentsOpenNow(found, now, rules) };
  return {
    post,
    cover: post.coverImage ? (await imageLookupFor(post.coverImage))(post.coverImage) : null,
    adjacent: await getAdjacentPosts({ id: post.id, publishedAt: post.publishedAt }),
    comments: await listVisibleComments({ postId: post.id }),
  };
}

/** The current slug of a published post that used to live at this slug (cached with that slug's page). */
export async function readPostRedirect(slug: string): Promise<string | null> {
  'use cache';
  cacheLife('max');
  cacheTag(cacheTags.post(slug), cacheTags.allPosts);
  const target = await findRedirect({ path: `/posts/${slug}` });
  return target?.status === 'published' && target.kind === 'post' ? target.slug : null;
}

/**
 * The new address (`/posts/<slug>` or `/pages/<slug>`) of the published post or page an imported
 * site's old address (`/2011/05/slug.html`, `/?p=12`, `/?page_id=3`) belongs to.
 */
export async function readOldAddress(path: string): Promise<string | null> {
  'use cache';
  cacheLife('max');
  cacheTag(cacheTags.allPosts);
  const target = await findRedirect({ path });
  return target?.status === 'published' ? `${addressBase(target.kind)}${target.slug}` : null;
}

export async function readPopularPosts() {
  'use cache';
  cacheLife('max');
  cacheTag(cacheTags.popular, cacheTags.postLists);
  return listPopularPosts({ days: POPULAR_POSTS_DAYS, limit: POPULAR_POSTS_LIMIT });
}

export async function readLabelPage(slug: string, page: number) {
  'use cache';
  cacheLife('max');
  cacheTag(cacheTags.commentCounts, cacheTags.postLists, cacheTags.site);
  const label = await getLabelBySlug({ slug });
  if (!label) return null;
  return {
    label,
    posts: await listPostsByLabel({ labelId: label.id, page, perPage: (await getSiteSettings()).postsPerPage }),
  };
}

export async function readArchive() {
  'use cache';
  cacheLife('max');
  cacheTag(cacheTags.postLists);
  return getArchiveMonths();
}

export async function readArchiveMonth(year: number, month: number) {
  'use cache';
  cacheLife('max');
  cacheTag(cacheTags.commentCounts, cacheTags.postLists);
  return listPostsByMonth({ year, month });
}

/** /labels: every label on at least one published post, with how many, by name. */
export async function readLabelIndex() {
  'use cache';
  cacheLife('max');
  cacheTag(cacheTags.postLists);
  return listLabelsWithPosts();
}

export async function readAuthorPage(handle: string, page: number) {
  'use cache';
  cacheLife('max');
  cacheTag(cacheTags.commentCounts, cacheTags.postLists, cacheTags.site);
  const author = await getAuthorByHandle({ handle });
  if (!author) return null;
  return {
    author,
    posts: await listPostsByAuthor({ authorId: author.id, page, perPage: (await getSiteSettings()).postsPerPage }),
  };
}

export async function readFeedPosts(labelSlug?: string) {
  'use cache';
  cacheLife('max');
  cacheTag(cacheTags.postLists, cacheTags.site);
  const settings = await getSiteSettings();
  if (labelSlug === undefined) return { settings, label: null, posts: await listFeedPosts({ limit: FEED_LIMIT }) };
  const label = await getLabelBySlug({ slug: labelSlug });
  if (!label) return null;
  return { settings, label, posts: await listFeedPosts({ labelId: label.id, limit: FEED_LIMIT }) };
}

export async function readSitemap() {
  'use cache';
  cacheLife('max');
  cacheTag(cacheTags.postLists, cacheTags.menu);
  return {
    posts: await listSitemapPosts(),
    pages: await listPublishedPages(),
    labels: await listLabelsWithPosts(),
    authors: await listPublishedAuthors(),
  };
}

/** A search run now, cached nowhere: most queries are asked once (proxy.ts picks this or readSearch). */
export async function runSearch(query: string, page: number): Promise<SearchResult> {
  return searchPosts({ query, limit: SEARCH_PER_PAGE, offset: (page - 1) * SEARCH_PER_PAGE });
}

/** The same, cached until a post list changes: for queries asked again (the /search/results pages). */
export async function readSearch(query: string, page: number): Promise<SearchResult> {
  'use cache';
  cacheLife('max');
  cacheTag(cacheTags.postLists);
  return runSearch(query, page);
}
