import { isSlug } from './slug';

/**
 * Every cache tag Quire uses, in one place, so a write and the pages it changes cannot drift apart.
 * Public pages are cached whole; a write invalidates the tags below and the next request renders afresh.
 *
 * Which writes invalidate what:
 * - a post published, edited, trashed: `post:<slug>`, `posts`, `post-lists` (and `popular`);
 * - a comment shown or hidden (posted, approved, removed, deleted, restored): only its post's
 *   `post:<slug>` and `comment-counts`. Not `post-lists`: that tag is on every page through Popular
 *   posts, so a comment would empty the whole page cache;
 * - site settings: `site` (and `post-lists`, whose pages show the per-page setting);
 * - a page (About, Contact) published, edited, trashed: its `post:<slug>` and `menu`; the menu saved: `menu`;
 * - what only signed-in readers see of a post changed without its page changing (a comment held for
 *   moderators, a report, following it by email): `viewers:<post id>`.
 */
export const cacheTags = {
  /** Site title, description and other settings shown on every page. */
  site: 'site',
  /** Anything that lists posts: home, labels, archive, authors, feeds, sitemap, search, Popular posts. */
  postLists: 'post-lists',
  /**
   * Data that shows comment counts (or comments) of many posts: the listings' "N comments" links on
   * home, label, author and archive-month pages. Add it to any new read whose output changes with a
   * comment on some other page than the post's own (a comments feed, say).
   */
  commentCounts: 'comment-counts',
  /** Every post page (their newer/older links depend on the set of published posts). */
  allPosts: 'posts',
  /** One post page, by slug; also tags a 404 for that slug so publishing it shows at once. */
  post: (slug: string) => `post:${slug}`,
  /** The Popular posts widget on the home and post pages. */
  popular: 'popular',
  /**
   * The header menu, in the layout of every page (so, like `site`, its change empties the whole page
   * cache), and the sitemap's pages: it links to pages by their current slug and only while published.
   */
  menu: 'menu',
  /**
   * The viewer request's answers kept in memory (lib/server/viewer-door.ts) for one post, by id: what
   * signed-in readers see differently there. They also carry the post's `post:<slug>` and `posts`, so
   * this is for the writes that change them and not the page: a held comment (its author's and the
   * moderators' answers), a report, following the post or not.
   */
  viewers: (postId: number) => `viewers:${postId}`,
} as const;

/** What a write from outside the server (an import, a restore) may have changed: every page carries one. */
export const siteWideTags = [cacheTags.site, cacheTags.postLists, cacheTags.allPosts, cacheTags.popular] as const;

const fixedTags = new Set<string>([
  cacheTags.site,
  cacheTags.postLists,
  cacheTags.commentCounts,
  cacheTags.allPosts,
  cacheTags.popular,
  cacheTags.menu,
]);

/** Whether a tag is one Quire uses: a fixed one, or a post's, whose slug may hold any script's letters. */
export function isCacheTag(tag: string): boolean {
  return (
    fixedTags.has(tag) ||
    (tag.startsWith('post:') && isSlug(tag.slice('post:'.length))) ||
    /^viewers:[1-9][0-9]{0,15}$/.test(tag)
  );
}
