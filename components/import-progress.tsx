'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';

type Progress = { status: string; done: number; total: number };

/** A running import's progress bar: polls the job and shows the report page when it finishes. */
export function ImportProgress({ jobId, done, total }: { jobId: string; done: number; total: number }) {
  const router = useRouter();
  const [progress, setProgress] = useState<Progress>({ status: 'running', done, total });
  useEffect(() => {
    let stopped = false;
    const check = async () => {
      try {
        const response = await fetch(`/api/import/${jobId}`, { cache: 'no-store' });
        if (!response.ok || stopped) return;
        const next = (await response.json()) as Progress;
        setProgress(next);
        if (next.status !== 'running') {
          stopped = true;
          clearInterval(timer);
          router.refresh();
        }
      } catch {
        // Offline for a moment: the next tick tries again.
      }
    };
    const timer = setInterval(() => void check(), 500);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [jobId, router]);
  const percent = progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : 0;
  return (
    <div className="flex flex-col gap-2">
      <noscript>
        {/* Without JavaScript the page reloads itself until the import is done. */}
        <meta httpEquiv="refresh" content="2" />
      </noscript>
      <label htmlFor="import-progress" className="font-medium">
        Importing… {progress.done} of {progress.total} steps
      </label>
      <progress id="import-progress" max={progress.total || 1} value={progress.done} className="w-full">
        {percent}%
      </progress>
    </div>
  );
}
