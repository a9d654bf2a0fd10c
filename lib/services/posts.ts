import 'server-only';
import { insertPost, type NewPostInput } from '@/db/queries/posts';
import { imageLookupFor } from '@/lib/server/images';
import { renderPostMarkdown } from '../policies/markdown';
import { labelFromName, uniqueSlug } from '../policies/slug';

/**
 * Creates a post or page in one go (the demo seed, fixtures): renders and sanitises its body, picks a
 * free slug from the one given or the title, attaches its labels. The editor goes through post-workflow.
 */
export async function createPost({ slug, labels = [], ...input }: NewPostInput): Promise<{ id: number; slug: string }> {
  const status = input.status ?? 'draft';
  return insertPost({
    ...input,
    status,
    rendered: renderPostMarkdown(input.markdown, await imageLookupFor(input.markdown)),
    chooseSlug: (isTaken) => uniqueSlug(slug ?? input.title, isTaken),
    // A slug made from the title follows it until the post is published; a given one stays.
    slugAuto: slug === undefined && status !== 'published',
    labels: [...new Set(labels)].map(labelFromName),
  });
}
