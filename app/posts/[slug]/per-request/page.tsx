import type { Metadata } from 'next';
import { z } from 'zod';
import { loadPost, PostView, postMetadata } from '@/components/post-view';
import { getPostForViewer } from '@/db/queries/viewer';
import { parseCommentPath } from '@/lib/policies/comment-tree';
import { readRefusedComment } from '@/lib/services/pending-comments';
import { getCurrentUser } from '@/lib/server/session';
import { viewerStateFor } from '@/lib/services/viewer';
import type { OpenCommentForm } from '@/lib/policies/viewer-state';

// The post page rendered for one viewer: proxy.ts rewrites /posts/<slug> (and its /comments/… pages)
// here when the address opens a form (`?reply=`, `?edit=`, `?report=`, `?remove=`) or carries an
// action's sentence (`?notice=`, `?problem=`), so all of it works without JavaScript. The same view
// as the shared page, with the viewer's state known on the server instead of asked for.
export const dynamic = 'force-dynamic';

type PerRequestPostPageProps = {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

const commentId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

function openForm(search: Record<string, string | string[] | undefined>): OpenCommentForm {
  for (const kind of ['reply', 'edit', 'report', 'remove'] as const) {
    const parsed = commentId.safeParse(search[kind]);
    if (parsed.success) return { kind, commentId: parsed.data };
  }
  return null;
}

const sentence = (value: string | string[] | undefined) =>
  typeof value === 'string' ? value.slice(0, 300) : undefined;

export async function generateMetadata({ params, searchParams }: PerRequestPostPageProps): Promise<Metadata> {
  const cpath = (await searchParams).cpath;
  const view = typeof cpath === 'string' ? parseCommentPath(cpath.split('/')) : null;
  return postMetadata((await params).slug, view?.page, view?.order);
}

export default async function PerRequestPostPage({ params, searchParams }: PerRequestPostPageProps) {
  const { slug } = await params;
  const [user, data, search] = await Promise.all([getCurrentUser(), loadPost(slug), searchParams]);
  // proxy.ts passes the rest of a /comments/… address as `cpath`.
  const view = typeof search.cpath === 'string' ? parseCommentPath(search.cpath.split('/')) : null;
  // An unknown post: the shared view answers (a redirect from an old slug, or the 404).
  const post = data ? await getPostForViewer({ id: data.post.id }) : null;
  if (!post) return <PostView slug={slug} commentPage={view?.page} commentOrder={view?.order} />;
  const open = openForm(search);
  const state = await viewerStateFor(user, post, { editing: open?.kind === 'edit' ? open.commentId : undefined });
  const problem = sentence(search.problem);
  // A comment refused without JavaScript comes back with its text, into the form it was written in.
  const kept = problem ? await readRefusedComment() : null;
  const refused =
    problem && kept && kept.postId === post.id ? { parentId: kept.parentId, body: kept.body, problem } : undefined;
  return (
    <PostView
      slug={slug}
      commentPage={view?.page}
      commentOrder={view?.order}
      viewer={{ state, open, notice: sentence(search.notice), problem, refused }}
    />
  );
}
