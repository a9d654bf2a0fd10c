import { z } from 'zod';

const uploaded = z.object({ src: z.string(), width: z.number(), height: z.number() });
const failed = z.object({ error: z.string() });

/** Sends an image to /api/uploads; throws with the server's sentence when it is refused. */
export async function uploadImage(file: File): Promise<z.infer<typeof uploaded>> {
  const body = new FormData();
  body.set('file', file);
  let response: Response;
  try {
    response = await fetch('/api/uploads', { method: 'POST', body });
  } catch {
    throw new Error(`“${file.name}” was not uploaded: the server cannot be reached.`);
  }
  const json: unknown = await response.json().catch(() => null);
  if (response.ok) {
    const parsed = uploaded.safeParse(json);
    if (parsed.success) return parsed.data;
  }
  const problem = failed.safeParse(json);
  throw new Error(
    `“${file.name}” was not uploaded: ${problem.success ? problem.data.error : 'the server refused it.'}`,
  );
}
