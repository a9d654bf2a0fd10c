import { countPosts } from '@/db/queries/posts';
import { logger } from '@/lib/server/logger';

export const dynamic = 'force-dynamic';

/** Liveness and database check for process managers and the test runner. */
export async function GET() {
  try {
    return Response.json({ status: 'ok', posts: await countPosts() });
  } catch (error) {
    logger.error({ err: error }, 'The health check could not read the database.');
    return Response.json({ status: 'error', message: 'The database cannot be read.' }, { status: 503 });
  }
}
