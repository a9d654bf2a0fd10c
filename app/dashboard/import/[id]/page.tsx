import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ImportProgress } from '@/components/import-progress';
import { ImportReportView } from '@/components/import-report';
import { getImportJob } from '@/db/queries/imports';
import { requireAdmin } from '@/lib/server/access';
import type { ImportReport } from '@/lib/services/import/types';

export const dynamic = 'force-dynamic';

const formatNames: Record<string, string> = { wordpress: 'WordPress', blogger: 'Blogger', disqus: 'Disqus' };

export default async function ImportJobPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireAdmin(`/dashboard/import/${id}`);
  const job = await getImportJob({ id });
  if (!job) notFound();
  return (
    <main className="flex max-w-3xl flex-col gap-6">
      <h1 className="font-serif text-3xl font-bold">Import of {job.fileName}</h1>
      {job.format ? <p className="meta">{formatNames[job.format] ?? job.format} export</p> : null}
      {job.status === 'running' ? <ImportProgress jobId={job.id} done={job.done} total={job.total} /> : null}
      {job.status === 'failed' ? (
        <p
          role="alert"
          className="rounded border border-red-300 bg-red-50 p-3 text-red-800 dark:bg-red-950 dark:text-red-200"
        >
          {job.error ?? 'The import failed.'}
        </p>
      ) : null}
      {job.status === 'done' && job.report ? <ImportReportView report={job.report as ImportReport} /> : null}
      <p>
        <Link href="/dashboard/import">Import another file</Link> · <Link href="/dashboard">Posts</Link>
      </p>
    </main>
  );
}
