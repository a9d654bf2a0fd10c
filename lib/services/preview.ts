import 'server-only';
import { currentDocument, type EditablePost } from '@/db/queries/authoring';
import { listVisibleComments } from '@/db/queries/comments';
import { excerptFrom } from '@/db/queries/posts';
import { imageLookupFor } from '@/lib/server/images';
import { getUserById } from '@/db/queries/users';
import type { PostPageData } from '@/components/post-view';
import { renderPostMarkdown } from '../policies/markdown';
import { toSlug } from '../policies/slug';

/**
 * The post page's data made from what the editor holds now (a draft, or a published post's
 * unpublished changes), so the preview goes through the same component and sanitiser as the real page.
 */
export async function previewData(post: EditablePost, now = new Date()): Promise<PostPageData> {
  const document = await currentDocument(post);
  const images = await imageLookupFor(document.markdown, document.coverImage);
  const rendered = renderPostMarkdown(document.markdown, images);
  const author = await getUserById({ id: post.authorId });
  const publishedAt = post.publishedAt ?? now;
  return {
    post: {
      id: post.id,
      slug: document.slug || post.slug,
      title: document.title || 'Untitled',
      excerpt: document.excerpt || excerptFrom(rendered.lead || rendered.text),
      seoTitle: document.seoTitle,
      seoDescription: document.seoDescription,
      coverImage: document.coverImage || null,
      coverAlt: document.coverAlt,
      publishedAt,
      updatedAt: post.status === 'published' ? now : null,
      readingMinutes: rendered.readingMinutes,
      commentCount: 0,
      commentsOpen: document.commentsOpen,
      bodyHtml: rendered.html,
      bodyText: rendered.text,
      author: {
        name: author?.name ?? author?.handle ?? 'Unknown author',
        handle: author?.handle ?? 'unknown',
        bio: author?.bio ?? '',
      },
      labels: document.labels.map((name) => ({ name, slug: toSlug(name) })),
    },
    cover: document.coverImage ? images(document.coverImage) : null,
    adjacent: { newer: null, older: null },
    comments: post.status === 'published' ? await listVisibleComments({ postId: post.id }) : [],
  };
}
