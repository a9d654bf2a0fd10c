import 'server-only';
import {
  GetObjectCommand,
  HeadBucketCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import type { S3Settings } from '../env';
import { uploadObjectPath } from './keys';
import type { UploadStore } from './store';

export function s3Client(settings: S3Settings, options: { maxAttempts?: number } = {}): S3Client {
  return new S3Client({
    endpoint: settings.endpoint,
    region: settings.region,
    forcePathStyle: settings.forcePathStyle,
    credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
    maxAttempts: options.maxAttempts,
    // Checksums only where S3 requires them: the newer default (a CRC32 trailer on every upload) is
    // refused by several S3-compatible stores, and WebP bytes are small enough to send plainly.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** Upload bytes as objects in an S3-compatible bucket, at the same paths as the local folder. */
export function s3UploadStore(settings: S3Settings, client: S3Client = s3Client(settings)): UploadStore {
  return {
    async put(key, data, contentType) {
      await client.send(
        new PutObjectCommand({
          Bucket: settings.bucket,
          Key: uploadObjectPath(key),
          Body: data,
          ContentType: contentType,
          // Names carry a hash of the content: when browsers fetch from the bucket (S3_PUBLIC_URL),
          // they may keep a copy as long as they do from Quire's own upload route.
          CacheControl: 'public, max-age=31536000, immutable',
        }),
      );
    },
    async get(key) {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: settings.bucket, Key: uploadObjectPath(key) }));
        return object.Body ? Buffer.from(await object.Body.transformToByteArray()) : null;
      } catch (error) {
        if (
          error instanceof NoSuchKey ||
          (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404)
        )
          return null;
        throw error;
      }
    },
  };
}

/**
 * Whether the bucket answers, as one sentence for the start-up message (null when it does). Asked
 * once at start, so a wrong endpoint, bucket or key stops the server there instead of failing the
 * first upload.
 */
export async function bucketProblem(settings: S3Settings, client?: S3Client): Promise<string | null> {
  const where = `bucket "${settings.bucket}" at ${settings.endpoint}`;
  const checker = client ?? s3Client(settings, { maxAttempts: 2 });
  try {
    await checker.send(new HeadBucketCommand({ Bucket: settings.bucket }), {
      abortSignal: AbortSignal.timeout(10_000),
    });
    return null;
  } catch (error) {
    const status = error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
    if (status === 404) return `The upload ${where} does not exist; create it, or correct S3_BUCKET.`;
    if (status === 403 || status === 401)
      return `The upload ${where} refused the access key; check S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY.`;
    // Network errors carry Node's code (ECONNREFUSED, ENOTFOUND); an SDK error its name and status.
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      error instanceof Error && error.name === 'AbortError'
        ? 'no answer within 10 seconds'
        : (code ?? (status ? `HTTP ${status}` : error instanceof Error ? error.message : String(error)));
    return `The upload ${where} cannot be reached (${reason}); check S3_ENDPOINT.`;
  } finally {
    if (!client) checker.destroy();
  }
}
