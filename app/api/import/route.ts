import { after } from 'next/server';
import { hitRateLimits } from '@/lib/services/rate-limits';
import { isAdmin } from '@/lib/policies/permissions';
import { rateLimitPolicies } from '@/lib/server/rate-limit';
import { startImportJob } from '@/lib/services/import/run';
import { MAX_IMPORT_BYTES } from '@/lib/services/import/xml';
import { getCurrentUser } from '@/lib/server/session';
import { requestOrigin } from '@/lib/server/request-checks';

export const dynamic = 'force-dynamic';

function back(request: Request, path: string): Response {
  return Response.redirect(new URL(path, request.url), 303);
}

/**
 * The import page's form (a plain multipart POST, so it works without JavaScript): reads the file,
 * starts the import in the background and sends the browser to the job's page, which shows progress.
 */
export async function POST(request: Request) {
  if (requestOrigin(request.headers) !== 'same') {
    return new Response('Imports must come from this site.', { status: 403 });
  }
  const user = await getCurrentUser();
  if (!user) return back(request, '/signin?returnTo=%2Fdashboard%2Fimport');
  if (!isAdmin(user)) return new Response('Only admins can import.', { status: 403 });
  const limit = await hitRateLimits([{ policy: rateLimitPolicies.importPerAccount, subject: user.id }]);
  if (!limit.allowed) {
    return new Response(limit.message, { status: 429, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  }
  const length = Number(request.headers.get('content-length') ?? NaN);
  if (!Number.isFinite(length)) return back(request, '/dashboard/import?error=length');
  if (length > MAX_IMPORT_BYTES + 64 * 1024) return back(request, '/dashboard/import?error=too-large');
  let file: FormDataEntryValue | null;
  let downloadImages = false;
  try {
    const form = await request.formData();
    file = form.get('file');
    downloadImages = form.get('downloadImages') === 'on';
  } catch {
    return back(request, '/dashboard/import?error=unreadable');
  }
  if (!(file instanceof File) || file.size === 0) return back(request, '/dashboard/import?error=no-file');
  const job = await startImportJob({
    fileName: file.name,
    content: Buffer.from(await file.arrayBuffer()),
    userId: user.id,
    downloadImages,
  });
  if (job.run) after(job.run);
  return back(request, `/dashboard/import/${job.jobId}`);
}
