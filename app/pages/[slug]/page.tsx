import { notFound, permanentRedirect } from 'next/navigation';
import { pageMetadata } from '@/lib/server/metadata';
import { slugFromParam } from '@/lib/policies/slug';
import { readPage, readPageRedirect } from '@/lib/services/reads';

// A standalone page (About, Contact): cached for everyone like a post page, under its slug's tag, so
// publishing or editing it shows on the next request. No comments, labels, dates or neighbours:
// it stands outside the stream of posts.
export const dynamicParams = true;
export async function generateStaticParams() {
  return [];
}

type StandalonePageProps = { params: Promise<{ slug: string }> };

async function load(segment: string) {
  const slug = slugFromParam(segment);
  return slug === null ? null : readPage(slug);
}

export async function generateMetadata({ params }: StandalonePageProps) {
  const data = await load((await params).slug);
  if (!data) return { title: 'Page not found' };
  const { page } = data;
  return pageMetadata({
    title: page.seoTitle || page.title,
    description: page.seoDescription || page.excerpt,
    path: `/pages/${page.slug}`,
    image: page.coverImage,
  });
}

export default async function StandalonePage({ params }: StandalonePageProps) {
  const segment = (await params).slug;
  const data = await load(segment);
  if (!data) {
    // An address the page had before its slug changed.
    const oldSlug = slugFromParam(segment);
    const moved = oldSlug === null ? null : await readPageRedirect(oldSlug);
    if (moved) permanentRedirect(`/pages/${moved}`);
    notFound();
  }
  const { page, cover } = data;
  return (
    <main className="mx-auto max-w-3xl">
      <article aria-labelledby="page-title">
        <h1 id="page-title" className="mb-6 font-serif text-4xl font-bold leading-tight break-words">
          {page.title}
        </h1>
        {page.coverImage ? (
          // eslint-disable-next-line @next/next/no-img-element -- uploads come with their own srcset.
          <img
            src={page.coverImage}
            alt={page.coverAlt}
            width={cover?.width ?? 1200}
            height={cover?.height ?? 630}
            srcSet={cover?.srcset}
            sizes={cover?.sizes}
            className="mb-8 aspect-[40/21] w-full rounded-lg object-cover"
          />
        ) : null}
        <div
          className="prose max-w-none break-words dark:prose-invert"
          // Sanitised by lib/markdown when the page was saved, like a post's body.
          dangerouslySetInnerHTML={{ __html: page.bodyHtml }}
        />
      </article>
    </main>
  );
}
