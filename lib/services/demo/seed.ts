import 'server-only';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { reportComment, toggleCommentLike } from '@/db/queries/comments';
import { createComment } from '@/lib/services/comments';
import { saveMenuItems } from '../menu';
import { writeModerationSteps, type ModerationStep } from '@/db/queries/moderation';
import { countPosts } from '@/db/queries/posts';
import { createPost } from '@/lib/services/posts';
import { saveSiteSettings } from '@/db/queries/settings';
import { countUsers } from '@/db/queries/users';
import { createUser } from '@/lib/services/users';
import { addPostViews } from '@/db/queries/views';
import type { Role } from '@/db/schema';
import { dataDirectory } from '@/lib/server/env';
import { generatePassword, hashPassword } from '@/lib/server/passwords';
import {
  demoCommenters,
  demoDiscussions,
  demoHeld,
  demoModeration,
  demoReport,
  type Commenter,
  type DemoComment,
} from './discussions';
import { demoAboutPage } from './pages';
import { demoPosts } from './posts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

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
 * threaded discussions with likes, a held comment, a report, a moderation history and 60 days of
 * view counts. Does nothing when any user or post exists.
 */
export async function seedDemo(now: Date = new Date()): Promise<SeedResult> {
  if ((await countUsers()) > 0 || (await countPosts()) > 0)
    return { seeded: false, reason: 'the database already has content' };

  await saveSiteSettings({
    title: 'The Quire Journal',
    description: 'Notes on writing, tools, gardens and the web — a demo blog for Quire.',
  });

  const accounts: { role: Role; email: string; password: string }[] = [];
  const userIds = new Map<Role, string>();
  for (const account of demoAccounts) {
    const password = generatePassword();
    const user = await createUser({ ...account, passwordHash: await hashPassword(password) });
    userIds.set(account.role, user.id);
    accounts.push({ role: account.role, email: account.email, password });
  }

  const postIds: { id: number; title: string; weight: number; daysAgo: number }[] = [];
  for (const post of demoPosts) {
    const status = post.status ?? 'published';
    const publishedAt = status === 'draft' ? null : new Date(now.getTime() - post.daysAgo * DAY);
    const created = await createPost({
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
    if (status === 'published') {
      postIds.push({ id: created.id, title: post.title, weight: post.weight, daysAgo: post.daysAgo });
    }
  }

  const admin = userIds.get('admin')!;
  const about = await createPost({
    ...demoAboutPage,
    authorId: admin,
    status: 'published',
    publishedAt: now,
    kind: 'page',
  });
  await saveMenuItems([{ label: 'About', target: { type: 'page', pageId: about.id } }]);

  await seedDiscussions(new Map(postIds.map((post) => [post.title, post.id])), userIds, now);
  await seedViews(postIds, now);

  const accountsFile = writeAccountsFile(accounts);
  return { seeded: true, posts: demoPosts.length, accounts, accountsFile };
}

/**
 * The discussions, the held comment, the report and the moderation history of lib/services/demo/discussions.ts.
 * Comments are written depth first in the order listed, so their ids are stable.
 */
async function seedDiscussions(postIds: Map<string, number>, userIds: Map<Role, string>, now: Date) {
  const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * HOUR);
  const people = new Map<Commenter, { id: string; name: string }>();
  for (const [role, id] of userIds) people.set(role, { id, name: demoAccounts.find((a) => a.role === role)!.name });
  for (const [key, person] of Object.entries(demoCommenters)) {
    const user = await createUser({ ...person, role: 'reader', passwordHash: null });
    people.set(key as Commenter, { id: user.id, name: person.name });
  }
  const person = (who: Commenter) => people.get(who)!;

  const keyed = new Map<string, { id: number; authorId: string; authorName: string }>();
  const write = async (postId: number, comment: DemoComment, parentId: number | null) => {
    const held = comment.key === demoHeld.comment;
    const { id } = await createComment({
      postId,
      parentId,
      authorId: person(comment.by).id,
      markdown: comment.markdown,
      createdAt: at(comment.hoursAgo),
      ...(held ? { status: 'pending' as const, heldReason: demoHeld.heldReason } : {}),
    });
    if (comment.key)
      keyed.set(comment.key, { id, authorId: person(comment.by).id, authorName: person(comment.by).name });
    for (const liker of comment.likedBy ?? []) await toggleCommentLike({ commentId: id, userId: person(liker).id });
    for (const reply of comment.replies ?? []) await write(postId, reply, id);
  };
  for (const discussion of demoDiscussions) {
    const postId = postIds.get(discussion.post);
    if (postId === undefined)
      throw new Error(`The demo discussion names a post that is not published: ${discussion.post}`);
    for (const comment of discussion.comments) await write(postId, comment, null);
  }

  const reported = keyed.get(demoReport.comment)!;
  await reportComment({
    commentId: reported.id,
    userId: person(demoReport.by).id,
    reason: demoReport.reason,
    details: demoReport.details,
  });

  const history = demoModeration.map((step): ModerationStep => {
    const actor = person(step.by);
    const createdAt = at(step.hoursAgo);
    if (step.action === 'ban') {
      const target = person(step.person);
      return {
        kind: 'ban',
        userId: target.id,
        until: new Date(createdAt.getTime() + step.days * 24 * HOUR),
        reason: step.reason,
        log: {
          actor,
          action: 'ban',
          targetUserId: target.id,
          targetName: target.name,
          reason: step.reason,
          details: `for ${step.days}d`,
          createdAt,
        },
      };
    }
    const comment = keyed.get(step.comment)!;
    return {
      kind: 'comment',
      commentId: comment.id,
      status:
        step.action === 'remove'
          ? { to: 'removed', removedReason: step.reason, removedAt: createdAt }
          : { to: 'visible' },
      log: {
        actor,
        action: step.action,
        commentId: comment.id,
        targetUserId: comment.authorId,
        targetName: comment.authorName,
        reason: step.action === 'remove' ? step.reason : '',
        createdAt,
      },
    };
  });
  await writeModerationSteps(history);
}

/** 60 days of plausible daily views: heavier for "popular" posts, a little noise, none before publication. */
async function seedViews(posts: { id: number; weight: number; daysAgo: number }[], now: Date) {
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
    await addPostViews(counts, date);
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
