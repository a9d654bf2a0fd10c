import { getSessionAccount } from '@/db/queries/sessions';
import { getViewerComments, getPostForViewer } from '@/db/queries/viewer';
import { isFollowingPost } from '@/db/queries/follows';
import { getModerationRules } from '@/lib/services/moderation-rules';
import Database from 'better-sqlite3';
const sid = new Database('/tmp/qv/quire.db').prepare('select session_token s from sessions limit 1').get() as {
  s: string;
};
async function time(name: string, f: () => Promise<unknown>) {
  for (let i = 0; i < 200; i++) await f();
  const t = process.hrtime.bigint();
  for (let i = 0; i < 2000; i++) await f();
  console.log(name, (Number(process.hrtime.bigint() - t) / 2000 / 1000).toFixed(1), 'us');
}
await time('session', () => getSessionAccount({ sessionId: sid.s }));
await time('post', () => getPostForViewer({ id: 1 }));
await time('viewerComments', () => getViewerComments({ postId: 1, userId: 'bench-reader', moderates: false }));
await time('following', () => isFollowingPost({ userId: 'bench-reader', postId: 1 }));
await time('rules', () => getModerationRules());
