import { z } from 'zod';
import { getImportJob } from '@/db/queries/imports';
import { isAdmin } from '@/lib/policies/permissions';
import { getCurrentUser } from '@/lib/server/session';

export const dynamic = 'force-dynamic';

/** An import's progress, polled by its page while it runs. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const user = await getCurrentUser();
  if (!isAdmin(user)) return Response.json({ error: 'Only admins can see imports.' }, { status: 403 });
  const id = z.uuid().safeParse((await params).id);
  const job = id.success ? await getImportJob({ id: id.data }) : null;
  if (!job) return Response.json({ error: 'There is no such import.' }, { status: 404 });
  return Response.json(
    { status: job.status, done: job.done, total: job.total },
    { headers: { 'Cache-Control': 'no-store' } },
  );
}
