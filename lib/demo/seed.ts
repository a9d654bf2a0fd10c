import 'server-only';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createComment } from '@/db/queries/comments';
import { createPost, countPosts } from '@/db/queries/posts';
import { saveSiteSettings } from '@/db/queries/settings';
import { countUsers, createUser } from '@/db/queries/users';
import { addPostViews } from '@/db/queries/views';
import type { Role } from '@/db/schema';
import { dataDirectory } from '@/lib/env';
import { generatePassword, hashPassword } from '@/lib/passwords';
import { demoPosts } from './posts';

const DAY = 86_400_000;

const demoAccounts: { role: Role; name: string; email: string; bio: string }[] = [
  {
    role: 'admin',
    name: 'Ada Marsh',
    email: 'admin@quire.test',
    bio: 'Runs this blog. Writes about tools, gardens and the web.',
  },
  {
    role: 'author',
    name: 'Jonah Reed',
    email: 'author@quire.test',
    bio: 'Writes about writing, photographs and long walks.',
  },
  { role: 'moderator', name: 'Priya Nair', email: 'moderator@quire.test', bio: 'Keeps the comments kind.' },
  { role: 'reader', name: 'Sam Okafor', email: 'reader@quire.test', bio: 'Reads everything, comments on most of it.' },
];

export type SeedResult =
  | { seeded: false; reason: string }
  | { seeded: true; posts: number; accounts: { role: Role; email: string; password: string }[]; accountsFile: string };

/**
 * Fills an empty database with a demo blog: settings, one account per role, posts with labels,
 * threaded comments and 60 days of view counts. Does nothing when any user or post exists.
 */
export async function seedDemo(now: Date = new Date()): Promise<SeedResult> {
  if (countUsers() > 0 || countPosts() > 0) return { seeded: false, reason: 'the database already has content' };

  saveSiteSettings({
    title: 'The Quire Journal',
    description: 'Notes on writing, tools, gardens and the web — a demo blog for Quire.',
  });

  const accounts: { role: Role; email: string; password: string }[] = [];
  const userIds = new Map<Role, string>();
  for (const account of demoAccounts) {
    const password = generatePassword();
    const user = createUser({ ...account, passwordHash: await hashPassword(password) });
    userIds.set(account.role, user.id);
    accounts.push({ role: account.role, email: account.email, password });
  }

  const postIds: { id: number; weight: number; daysAgo: number }[] = [];
  for (const post of demoPosts) {
    const status = post.status ?? 'published';
    const publishedAt = status === 'draft' ? null : new Date(now.getTime() - post.daysAgo * DAY);
    const created = createPost({
      title: post.title,
      markdown: post.markdown,
      authorId: userIds.get(post.author)!,
      status,
      publishedAt,
      // One older post shows an "Updated" date, as an edited post would.
      updatedAt: post.title === 'Backing up what matters' ? new Date(now.getTime() - 20 * DAY) : null,
      coverImage: post.cover,
      coverAlt: post.coverAlt,
      labels: post.labels,
    });
    if (status === 'published') postIds.push({ id: created.id, weight: post.weight, daysAgo: post.daysAgo });
  }

  seedComments(postIds[0]!.id, postIds[3]!.id, userIds, now);
  seedViews(postIds, now);

  const accountsFile = writeAccountsFile(accounts);
  return { seeded: true, posts: demoPosts.length, accounts, accountsFile };
}

function seedComments(firstPostId: number, commentsPostId: number, userIds: Map<Role, string>, now: Date) {
  const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * 3_600_000);
  const reader = userIds.get('reader')!;
  const author = userIds.get('author')!;
  const admin = userIds.get('admin')!;
  const moderator = userIds.get('moderator')!;

  const first = createComment({
    postId: firstPostId,
    authorId: reader,
    markdown: 'This is exactly why I started my own blog. The replies taught me more than the posts did.',
    createdAt: at(30),
  });
  createComment({
    postId: firstPostId,
    authorId: admin,
    parentId: first.id,
    markdown: 'Same here. The *"have you tried"* comments are the best part.',
    createdAt: at(28),
  });
  createComment({
    postId: firstPostId,
    authorId: author,
    markdown: 'One question: do you plan an RSS feed per label? I only follow the **Writing** posts.',
    createdAt: at(20),
  });

  const top = createComment({
    postId: commentsPostId,
    authorId: reader,
    markdown:
      'I read blogs in a text browser on my commute, and this is the first comment section I have ever *seen* there.',
    createdAt: at(200),
  });
  const second = createComment({
    postId: commentsPostId,
    authorId: author,
    parentId: top.id,
    markdown: 'Which browser? I want to try that.',
    createdAt: at(190),
  });
  const third = createComment({
    postId: commentsPostId,
    authorId: reader,
    parentId: second.id,
    markdown: 'It is `w3m`. Links and forms all work, which says a lot about the page.',
    createdAt: at(180),
  });
  createComment({
    postId: commentsPostId,
    authorId: moderator,
    parentId: third.id,
    markdown: 'Noted for the accessibility checklist. Thanks!',
    createdAt: at(170),
  });
  createComment({
    postId: commentsPostId,
    authorId: admin,
    markdown: 'Some good ideas in here. Keep them coming:\n\n- threading\n- permalinks\n- no scripts needed',
    createdAt: at(100),
  });
}

/** 60 days of plausible daily views: heavier for "popular" posts, a little noise, none before publication. */
function seedViews(posts: { id: number; weight: number; daysAgo: number }[], now: Date) {
  let noise = 7;
  const next = () => {
    noise = (noise * 48_271) % 2_147_483_647;
    return noise / 2_147_483_647;
  };
  for (let day = 0; day < 60; day++) {
    const date = new Date(now.getTime() - day * DAY);
    const counts: [number, number][] = [];
    for (const post of posts) {
      if (post.daysAgo < day) continue;
      counts.push([post.id, Math.round(post.weight * (6 + next() * 4))]);
    }
    addPostViews(counts, date);
  }
}

function writeAccountsFile(accounts: { role: Role; email: string; password: string }[]): string {
  const folder = dataDirectory();
  mkdirSync(folder, { recursive: true });
  const file = join(folder, 'demo-accounts.txt');
  const lines = accounts.map((account) => `${account.role.padEnd(10)} ${account.email.padEnd(24)} ${account.password}`);
  writeFileSync(
    file,
    `# Quire demo accounts (generated at first start; keep this file private)\n${lines.join('\n')}\n`,
    {
      mode: 0o600,
    },
  );
  chmodSync(file, 0o600);
  return file;
}

export function describeSeed(result: Extract<SeedResult, { seeded: true }>): string {
  const lines = result.accounts.map(
    (account) => `  ${account.role.padEnd(10)} ${account.email.padEnd(24)} ${account.password}`,
  );
  return [
    `Quire: created the demo blog (${result.posts} posts). Demo accounts, shown this once:`,
    ...lines,
    `  (also saved to ${result.accountsFile}, readable only by you)`,
  ].join('\n');
}
