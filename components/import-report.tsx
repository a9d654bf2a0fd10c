import type { ImportReport } from '@/lib/services/import/types';

/** What an import did: counts of what it created and updated, and every skipped item with why. */
export function ImportReportView({ report }: { report: ImportReport }) {
  const reasons = new Map<string, string[]>();
  for (const { item, reason } of report.skipped) reasons.set(reason, [...(reasons.get(reason) ?? []), item]);
  return (
    <section aria-labelledby="import-report" className="flex flex-col gap-4">
      <h2 id="import-report" className="text-xl font-semibold">
        Import finished
      </h2>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1">
        <dt>Posts created</dt>
        <dd data-testid="created-posts">{report.created.posts}</dd>
        <dt>Comments created</dt>
        <dd data-testid="created-comments">{report.created.comments}</dd>
        <dt>Authors created</dt>
        <dd data-testid="created-users">{report.created.users}</dd>
        <dt>Old addresses redirected</dt>
        <dd data-testid="created-redirects">{report.created.redirects}</dd>
        <dt>Posts updated</dt>
        <dd data-testid="updated-posts">{report.updated.posts}</dd>
        <dt>Comments updated</dt>
        <dd data-testid="updated-comments">{report.updated.comments}</dd>
        <dt>Skipped</dt>
        <dd data-testid="skipped">{report.skipped.length}</dd>
      </dl>
      {report.notices.length > 0 ? (
        <div className="flex flex-col gap-2">
          <h3 className="font-semibold">Worth a look</h3>
          <ul className="list-disc pl-6">
            {report.notices.map((notice) => (
              <li key={notice}>{notice}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {reasons.size > 0 ? (
        <div className="flex flex-col gap-2">
          <h3 className="font-semibold">Skipped, and why</h3>
          {[...reasons].map(([reason, items]) => (
            <details key={reason}>
              <summary>
                {items.length} × {reason}
              </summary>
              <ul className="meta list-disc pl-6 text-sm">
                {items.map((item, index) => (
                  <li key={index}>{item}</li>
                ))}
              </ul>
            </details>
          ))}
        </div>
      ) : null}
    </section>
  );
}
