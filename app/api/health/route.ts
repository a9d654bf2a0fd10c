import { countPosts } from '@/db/queries/posts';

export const dynamic = 'force-dynamic';

/** Liveness and database check for process managers and the test runner. */
export async function GET() {
  try {
    return Response.json({ status: 'ok', posts: countPosts() });
  } catch (error) {
    console.error('Health check failed:', error instanceof Error ? error.message : error);
    return Response.json({ status: 'error', message: 'The database cannot be read.' }, { status: 503 });
  }
}
