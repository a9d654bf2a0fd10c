import Link from 'next/link';
import { Notice } from '@/components/notice';
import { listImportJobs } from '@/db/queries/imports';
import { requireAdmin } from '@/lib/server/access';
import { formatDateTime } from '@/lib/policies/format';
import { MAX_IMPORT_BYTES, TOO_LARGE_MESSAGE } from '@/lib/services/import/xml';

export const dynamic = 'force-dynamic';

const problems: Record<string, string> = {
  'no-file': 'Choose an export file to import.',
  'too-large': TOO_LARGE_MESSAGE,
  length: 'The upload did not say its size. Choose the file again.',
  unreadable: 'The upload could not be read. Choose the file again.',
};

type ImportPageProps = { searchParams: Promise<{ error?: string }> };

export default async function ImportPage({ searchParams }: ImportPageProps) {
  await requireAdmin('/dashboard/import');
  const { error } = await searchParams;
  const jobs = await listImportJobs({ limit: 10 });
  return (
    <main className="flex max-w-2xl flex-col gap-6">
      <h1 className="font-serif text-3xl font-bold">Import</h1>
      <p>
        Bring in posts, pages and comments from <strong>WordPress</strong> (Tools → Export, a <code>.xml</code> file), a{' '}
        <strong>Blogger</strong> backup (Settings → Back up content) or comments from <strong>Disqus</strong> (Moderate
        → Export). Importing the same file again creates nothing twice, and old addresses redirect to the new posts.
      </p>
      <Notice problem={error ? (problems[error] ?? 'The import could not start. Try again.') : undefined} />
      <form
        action="/api/import"
        method="post"
        encType="multipart/form-data"
        className="flex flex-col gap-4 rounded border border-[var(--color-line)] p-4"
      >
        <div className="flex flex-col gap-1">
          <label htmlFor="import-file" className="font-medium">
            Export file
          </label>
          <input id="import-file" type="file" name="file" accept=".xml,application/xml,text/xml" required />
          <p className="meta text-sm">Up to {MAX_IMPORT_BYTES / 1024 / 1024} MB.</p>
        </div>
        <div className="flex flex-col gap-1">
          <label className="flex items-center gap-2">
            <input type="checkbox" name="downloadImages" aria-describedby="download-images-hint" />
            Copy the posts’ images into Quire
          </label>
          <p id="download-images-hint" className="meta text-sm">
            The server fetches each image from the old site and stores it like an upload, so the posts no longer depend
            on that site. It needs network access; images it cannot fetch keep their old address.
          </p>
        </div>
        <button type="submit" className="button-primary self-start">
          Import
        </button>
      </form>
      {jobs.length > 0 ? (
        <section className="flex flex-col gap-2">
          <h2 className="text-xl font-semibold">Recent imports</h2>
          <ul className="flex flex-col gap-1">
            {jobs.map((job) => (
              <li key={job.id}>
                <Link href={`/dashboard/import/${job.id}`}>{job.fileName}</Link>{' '}
                <span className="meta text-sm">
                  {formatDateTime(job.createdAt)} · {job.status === 'running' ? 'running' : job.status}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </main>
  );
}
