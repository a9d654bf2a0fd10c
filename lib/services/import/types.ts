import type { ImportSource, PostKind } from '@/db/schema';

// What every importer turns its platform's file into; lib/services/import/apply.ts writes it to the database.

export type ImportedUser = { externalId: string; email: string | null; name: string; login: string };

export type ImportedComment = {
  externalId: string;
  parentExternalId: string | null;
  authorName: string;
  authorEmail: string | null;
  authorUrl: string | null;
  createdAt: Date;
  markdown: string;
  status: 'visible' | 'pending';
};

export type ImportedPost = {
  externalId: string;
  /** A WordPress or Blogger page becomes a Quire page (/pages/<slug>, no comments, in no list). */
  kind: PostKind;
  title: string;
  slug: string;
  status: 'published' | 'draft' | 'scheduled';
  publishedAt: Date | null;
  updatedAt: Date | null;
  authorExternalId: string | null;
  labels: string[];
  excerpt: string;
  markdown: string;
  coverImage: string | null;
  commentsOpen: boolean;
  /** Paths the post answered at on the old site (`/2011/05/slug.html`, `/?p=12`): they redirect here. */
  oldPaths: string[];
  comments: ImportedComment[];
};

/** Comments for a page of the old site, matched to an imported post by its address (Disqus). */
export type ImportedThread = { externalId: string; url: string; title: string; comments: ImportedComment[] };

export type SkippedItem = { item: string; reason: string };

export type ImportBundle = {
  format: ImportSource;
  /** The other site's identity: with each item's id there, what makes a second run find the first. */
  site: string;
  users: ImportedUser[];
  posts: ImportedPost[];
  threads: ImportedThread[];
  /** Items the file holds that Quire does not import (spam, trash, pingbacks…), with the reason. */
  skipped: SkippedItem[];
};

export type ImportCounts = { users: number; posts: number; comments: number; redirects: number };

export type ImportReport = {
  format: ImportSource;
  site: string;
  created: ImportCounts;
  updated: { posts: number; comments: number };
  skipped: SkippedItem[];
  /** Things the person importing should act on (for example an author matched to a reader account). */
  notices: string[];
};

/** Told of each step; the import waits for what it returns (a progress row written, say). */
export type ImportProgress = (done: number, total: number) => unknown;

/** A title as plain text: other platforms allow markup (and hostile files put scripts) in titles. */
export function plainTitle(value: string): string {
  return value
    .replace(/<(script|style)[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<[^>]*>/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200);
}

/** Old-site addresses are compared as paths: no host, no trailing slash, query kept (`/?p=12`). */
export function normalizeOldPath(url: string): string | null {
  try {
    const parsed = new URL(url, 'http://old.invalid');
    const path =
      decodeURI(parsed.pathname)
        .replace(/\/{2,}/g, '/')
        .replace(/\/+$/, '') || '/';
    return `${path}${parsed.search}`.slice(0, 500);
  } catch {
    return null;
  }
}
