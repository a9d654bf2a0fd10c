import { hitRateLimits } from '@/lib/services/rate-limits';
import { canWrite } from '@/lib/policies/permissions';
import { rateLimitPolicies } from '@/lib/server/rate-limit';
import { getCurrentUser } from '@/lib/server/session';
import { MAX_UPLOAD_BYTES } from '@/lib/server/uploads/images';
import { ImageRejected, storeImage } from '@/lib/server/uploads/upload';
import { requestOrigin } from '@/lib/server/request-checks';

export const dynamic = 'force-dynamic';

const error = (status: number, message: string) => Response.json({ error: message }, { status });

/** Image upload from the editor (button, drag and drop, paste) and the cover picker. */
export async function POST(request: Request) {
  // Only from our own pages: a form on another site cannot upload with the author's cookie.
  if (requestOrigin(request.headers) !== 'same') return error(403, 'Uploads must come from this site.');
  const user = await getCurrentUser();
  if (!user) return error(401, 'Sign in to upload images.');
  if (!canWrite(user)) return error(403, 'Only authors and admins can upload images.');
  const limit = await hitRateLimits([{ policy: rateLimitPolicies.uploadPerAccount, subject: user.id }]);
  if (!limit.allowed) return error(429, limit.message);
  // Refused before reading the body: multipart overhead aside, the file must fit in 10 MB.
  const length = Number(request.headers.get('content-length') ?? NaN);
  if (!Number.isFinite(length)) return error(411, 'The upload must say its size.');
  if (length > MAX_UPLOAD_BYTES + 64 * 1024) return error(413, 'The image is larger than 10 MB.');
  let file: FormDataEntryValue | null;
  try {
    file = (await request.formData()).get('file');
  } catch {
    return error(400, 'The upload could not be read. Choose the file again.');
  }
  if (!(file instanceof File)) return error(400, 'Choose an image to upload.');
  if (file.size > MAX_UPLOAD_BYTES) return error(413, 'The image is larger than 10 MB.');
  try {
    const image = await storeImage(Buffer.from(await file.arrayBuffer()), file.name, user.id);
    return Response.json(image, { status: 201 });
  } catch (problem) {
    if (problem instanceof ImageRejected) return error(422, problem.message);
    throw problem;
  }
}
