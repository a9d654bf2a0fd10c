import 'server-only';
import { z } from 'zod';
import {
  applyDocumentWithRevision,
  createDraft,
  currentDocument,
  deleteTrashedPosts,
  discardWorkingRevision,
  getEditablePost,
  PostChanged,
  getRevision,
  isSlugTakenByOther,
  restorePost,
  saveEditorRevision,
  trashPost,
  type EditablePost,
  type PreparedDocument,
} from '@/db/queries/authoring';
import { imageLookupFor } from '@/lib/server/images';
import type { PostKind, PostStatus } from '@/db/schema';
import { cacheTags } from '../policies/cache-tags';
import { renderPostMarkdown } from '../policies/markdown';
import { labelFromName, uniqueSlug } from '../policies/slug';
import { fieldErrors } from '../policies/form-state';
import { canEditPost, isAdmin } from '../policies/permissions';
import { visibilityTags } from './scheduler';
import type { CurrentUser } from '../server/session';
import { savePostInputSchema, type PostDocument, type SavePostInput } from '../validations/post';

// What the editor's actions do, apart from Next: who may, what is checked, what is written, and
// which cached pages that changes. app/dashboard/posts/[id]/actions.ts only calls these and
// invalidates the returned tags.

/** The state an editor tab holds after loading or saving. */
export type EditorSnapshot = {
  postId: number;
  /** A post of the stream, or a page (no labels, no comments, no schedule; lives at /pages/<slug>). */
  kind: PostKind;
  version: number;
  status: PostStatus;
  slug: string;
  publishedAt: string | null;
  editedAt: string | null;
  /** A published post with edits that are saved but not live yet. */
  pendingChanges: boolean;
  document: PostDocument;
};

export type WorkflowResult =
  | { kind: 'saved'; snapshot: EditorSnapshot; message: string; tags: string[]; warnings?: Record<string, string> }
  | { kind: 'conflict'; snapshot: EditorSnapshot; message: string; tags: [] }
  | { kind: 'invalid'; errors: Record<string, string>; message: string; tags: [] }
  | { kind: 'refused'; message: string; tags: [] };

const refusedMessage = 'You cannot edit this post. It may have been deleted, or it belongs to another author.';

export async function snapshotOf(post: EditablePost): Promise<EditorSnapshot> {
  return {
    postId: post.id,
    kind: post.kind,
    version: post.version,
    status: post.status,
    slug: post.slug,
    publishedAt: post.publishedAt?.toISOString() ?? null,
    editedAt: post.editedAt?.toISOString() ?? null,
    pendingChanges: post.workingRevisionId !== null,
    document: await currentDocument(post),
  };
}

function refused(message = refusedMessage): WorkflowResult {
  return { kind: 'refused', message, tags: [] };
}

function invalid(errors: Record<string, string>): WorkflowResult {
  return { kind: 'invalid', errors, message: Object.values(errors)[0] ?? 'Please check the form.', tags: [] };
}

/** The post, if this user may edit it. */
export async function editablePostFor(user: CurrentUser | null, postId: number): Promise<EditablePost | null> {
  const post = await getEditablePost({ id: postId });
  if (!post || !canEditPost(user, post)) return null;
  return post;
}

async function reload(postId: number): Promise<EditablePost> {
  const post = await getEditablePost({ id: postId });
  if (!post) throw new Error(`Post ${postId} vanished during a save.`);
  return post;
}

/** A storage write that finds the post changed since it was read answers as a conflict, with the post as it is now. */
async function orConflict(postId: number, work: () => Promise<WorkflowResult>): Promise<WorkflowResult> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof PostChanged && error.postId === postId) return conflict(await reload(postId));
    throw error;
  }
}

async function conflict(post: EditablePost): Promise<WorkflowResult> {
  return {
    kind: 'conflict',
    snapshot: await snapshotOf(post),
    message: 'This post was changed somewhere else (another tab or another person) since you opened it.',
    tags: [],
  };
}

const formatTime = (date: Date) => date.toISOString();

/** What db/ writes but does not decide: the rendered, sanitised body, the slug that follows the title, label slugs. */
async function prepare(document: PostDocument): Promise<PreparedDocument> {
  return {
    rendered: renderPostMarkdown(document.markdown, await imageLookupFor(document.markdown)),
    titleSlug: (isTaken) => uniqueSlug(document.title || 'untitled', isTaken),
    labels: document.labels.map(labelFromName),
  };
}

/** "New post" or "New page": an empty draft at a free `untitled` slug; the caller checks the writer may write. */
export async function createDraftPost({
  authorId,
  commentsOpen,
  kind = 'post',
}: {
  authorId: string;
  commentsOpen: boolean;
  kind?: PostKind;
}): Promise<number> {
  return createDraft({ authorId, commentsOpen, kind, chooseSlug: (isTaken) => uniqueSlug('untitled', isTaken) });
}

/**
 * The cached pages a post's change of visibility or address empties. A page is in no list, so only
 * its own address and, when it appeared, went or moved, the header menu (on every page) and the sitemap.
 */
function changedTags(post: { kind: PostKind }, { menu }: { menu: boolean }, ...slugs: string[]): string[] {
  if (post.kind === 'post') return visibilityTags(...slugs);
  return [...(menu ? [cacheTags.menu] : []), ...new Set(slugs.map((slug) => cacheTags.post(slug)))];
}

/** Autosave, publish, update, schedule or unpublish, from the editor. */
export async function savePost(
  user: CurrentUser | null,
  raw: SavePostInput,
  now = new Date(),
): Promise<WorkflowResult> {
  const parsed = savePostInputSchema.safeParse(raw);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] === 'document' ? (issue.path[1] ?? 'form') : (issue.path[0] ?? 'form'));
      errors[key] ??= issue.message;
    }
    return invalid(errors);
  }
  const input = parsed.data;
  const post = await editablePostFor(user, input.postId);
  if (!post || !user) return refused();
  if (post.status === 'trashed') return refused('This post is in the trash. Restore it before editing.');
  if (!input.overwrite && input.baseVersion !== post.version) return conflict(post);

  const { intent } = input;
  let document = input.document;
  const errors: Record<string, string> = {};
  const warnings: Record<string, string> = {};
  const goesLive = intent === 'publish' || intent === 'update' || intent === 'schedule';
  if (goesLive && !document.title) errors.title = 'Give the post a title before publishing it.';
  let publishAt: Date | null = null;
  if (intent === 'schedule') {
    publishAt = input.publishAt ? new Date(input.publishAt) : null;
    if (!publishAt || publishAt.getTime() <= now.getTime()) errors.publishAt = 'Choose a time in the future.';
    if (post.kind === 'page') errors.publishAt = 'Pages are published straight away; only posts can be scheduled.';
  }
  if (
    document.slug &&
    document.slug !== post.slug &&
    (await isSlugTakenByOther({ slug: document.slug, postId: post.id }))
  ) {
    // An autosave still keeps the text; only the slug waits for a free one.
    if (intent === 'autosave') {
      warnings.slug = 'Another post already uses this slug; the post keeps its current one.';
      document = { ...document, slug: post.slugAuto ? '' : post.slug };
    } else {
      errors.slug = 'Another post already uses this slug.';
    }
  }
  if (Object.keys(errors).length > 0) return invalid(errors);

  const wasLive = post.status === 'published';
  // Each intent is one storage call, so each save is one transaction.
  return orConflict(post.id, async () => {
    const result = await (async () => {
      const save = { post, userId: user.id, document };
      switch (intent) {
        case 'autosave': {
          // A live post keeps showing its published text until "Update".
          await saveEditorRevision({
            ...save,
            revision: { sessionId: input.sessionId },
            prepared: wasLive ? null : await prepare(document),
            now,
          });
          return { message: `Saved ${formatTime(now)}`, tags: [] as string[] };
        }
        case 'publish':
        case 'update': {
          const applied = await applyDocumentWithRevision({
            ...save,
            prepared: await prepare(document),
            options: {
              status: 'published',
              publishedAt: wasLive ? post.publishedAt : now,
              updatedAt: wasLive ? now : undefined,
              now,
            },
            revision: { kind: 'publish' },
            // A first publish is mailed to the subscribers (lib/services/subscriptions.ts): queued in the same transaction.
            announce: !wasLive && post.kind === 'post',
          });
          return {
            message: wasLive ? 'Updated: the changes are live.' : 'Published.',
            tags: changedTags(
              post,
              { menu: !wasLive || applied.slug !== applied.previousSlug },
              applied.slug,
              applied.previousSlug,
            ),
          };
        }
        case 'schedule': {
          const applied = await applyDocumentWithRevision({
            ...save,
            prepared: await prepare(document),
            options: { status: 'scheduled', publishedAt: publishAt, now },
            revision: { kind: 'schedule' },
          });
          return {
            message: 'Scheduled.',
            tags: wasLive ? changedTags(post, { menu: true }, applied.slug, applied.previousSlug) : [],
          };
        }
        case 'unpublish': {
          const applied = await applyDocumentWithRevision({
            ...save,
            prepared: await prepare(document),
            options: { status: 'draft', publishedAt: null, now },
            revision: { sessionId: input.sessionId },
          });
          return {
            message: 'Unpublished: the post is a draft again.',
            tags:
              wasLive || post.status === 'scheduled'
                ? changedTags(post, { menu: true }, applied.slug, applied.previousSlug)
                : [],
          };
        }
      }
    })();
    return {
      kind: 'saved',
      snapshot: await snapshotOf(await reload(post.id)),
      message: result.message,
      tags: result.tags,
      ...(Object.keys(warnings).length > 0 ? { warnings } : {}),
    };
  });
}

const revisionInput = z.object({
  postId: z.number().int().positive(),
  revisionId: z.number().int().positive(),
  baseVersion: z.number().int().nonnegative(),
});

/** Makes an old revision the current text again; the restore is itself a new revision. */
export async function restoreRevision(
  user: CurrentUser | null,
  raw: z.input<typeof revisionInput>,
  now = new Date(),
): Promise<WorkflowResult> {
  const parsed = revisionInput.safeParse(raw);
  if (!parsed.success) return invalid(fieldErrors(parsed.error));
  const post = await editablePostFor(user, parsed.data.postId);
  if (!post || !user) return refused();
  if (post.status === 'trashed') return refused('This post is in the trash. Restore it before editing.');
  if (parsed.data.baseVersion !== post.version) return conflict(post);
  const revision = await getRevision({ postId: post.id, id: parsed.data.revisionId });
  if (!revision) return refused('That revision does not exist.');
  const document = { ...revision.document };
  // Its old slug may belong to another post by now.
  if (
    document.slug &&
    document.slug !== post.slug &&
    (await isSlugTakenByOther({ slug: document.slug, postId: post.id }))
  )
    document.slug = '';
  return orConflict(post.id, async () => {
    await saveEditorRevision({
      post,
      userId: user.id,
      document,
      revision: { kind: 'restore' },
      prepared: post.status === 'published' ? null : await prepare(document),
      now,
    });
    const savedAt = revision.savedAt.toISOString();
    return {
      kind: 'saved',
      snapshot: await snapshotOf(await reload(post.id)),
      message: `Restored the revision of ${savedAt}.`,
      tags: [],
    };
  });
}

const postIdInput = z.object({ postId: z.number().int().positive() });

/** Drops a published post's saved-but-not-live edits: the editor shows the live text again. */
export async function discardChanges(
  user: CurrentUser | null,
  raw: unknown,
  now = new Date(),
): Promise<WorkflowResult> {
  const parsed = postIdInput.safeParse(raw);
  if (!parsed.success) return refused();
  const post = await editablePostFor(user, parsed.data.postId);
  if (!post) return refused();
  return orConflict(post.id, async () => {
    await discardWorkingRevision({ post, now });
    return {
      kind: 'saved',
      snapshot: await snapshotOf(await reload(post.id)),
      message: 'Unpublished changes discarded.',
      tags: [],
    };
  });
}

export async function moveToTrash(user: CurrentUser | null, raw: unknown): Promise<WorkflowResult> {
  const parsed = postIdInput.safeParse(raw);
  if (!parsed.success) return refused();
  const post = await editablePostFor(user, parsed.data.postId);
  if (!post) return refused();
  if (post.status === 'trashed') return refused('This post is already in the trash.');
  await trashPost({ id: post.id });
  return {
    kind: 'saved',
    snapshot: await snapshotOf(await reload(post.id)),
    message: 'Moved to the trash.',
    tags: post.status === 'published' ? changedTags(post, { menu: true }, post.slug) : [],
  };
}

export async function restoreFromTrash(user: CurrentUser | null, raw: unknown): Promise<WorkflowResult> {
  const parsed = postIdInput.safeParse(raw);
  if (!parsed.success) return refused();
  const post = await editablePostFor(user, parsed.data.postId);
  if (!post) return refused();
  if (post.status !== 'trashed') return refused('This post is not in the trash.');
  await restorePost({ id: post.id });
  return {
    kind: 'saved',
    snapshot: await snapshotOf(await reload(post.id)),
    message: 'Restored as a draft.',
    tags: [],
  };
}

/** Deletes every trashed post for good. Admins only. */
export async function emptyTrash(user: CurrentUser | null): Promise<{ ok: boolean; message: string; deleted: number }> {
  if (!isAdmin(user)) return { ok: false, message: 'Only an admin can empty the trash.', deleted: 0 };
  const deleted = await deleteTrashedPosts();
  return { ok: true, message: `Deleted ${deleted} post${deleted === 1 ? '' : 's'} for good.`, deleted };
}
