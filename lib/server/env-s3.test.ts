import { describe, expect, it } from 'vitest';
import { parseEnv, s3Settings } from './env';

const complete = {
  S3_ENDPOINT: 'https://s3.example.com',
  S3_BUCKET: 'quire',
  S3_ACCESS_KEY_ID: 'key-id',
  S3_SECRET_ACCESS_KEY: 'secret',
};

describe('S3 settings', () => {
  it('keep uploads in UPLOADS_DIR when none is set', () => {
    expect(s3Settings(parseEnv({}))).toBeNull();
  });

  it('send uploads to the bucket when all four are set, path-style in us-east-1 unless told otherwise', () => {
    expect(s3Settings(parseEnv(complete))).toEqual({
      endpoint: 'https://s3.example.com',
      bucket: 'quire',
      accessKeyId: 'key-id',
      secretAccessKey: 'secret',
      region: 'us-east-1',
      forcePathStyle: true,
      publicUrl: null,
    });
    const custom = s3Settings(
      parseEnv({
        ...complete,
        S3_REGION: 'eu-west-3',
        S3_FORCE_PATH_STYLE: 'false',
        S3_PUBLIC_URL: 'https://images.example.com/',
      }),
    );
    expect(custom).toMatchObject({
      region: 'eu-west-3',
      forcePathStyle: false,
      publicUrl: 'https://images.example.com',
    });
  });

  it('refuse a partial configuration with one sentence naming what is missing', () => {
    const { S3_BUCKET: _bucket, S3_SECRET_ACCESS_KEY: _secret, ...partial } = complete;
    expect(() => parseEnv(partial)).toThrow(
      'S3: uploads on S3 need all of S3_ENDPOINT, S3_BUCKET, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY; S3_BUCKET, S3_SECRET_ACCESS_KEY are not set',
    );
    expect(() => parseEnv({ S3_PUBLIC_URL: 'https://images.example.com' })).toThrow(
      /S3_ENDPOINT, S3_BUCKET.* are not set/,
    );
  });

  it('refuse an endpoint that is not an http(s) address, and a public address that is not https', () => {
    expect(() => parseEnv({ ...complete, S3_ENDPOINT: 's3.example.com' })).toThrow(
      /S3_ENDPOINT must be an http\(s\) address/,
    );
    expect(() => parseEnv({ ...complete, S3_PUBLIC_URL: 'http://images.example.com' })).toThrow(
      /S3_PUBLIC_URL must be an https address/,
    );
  });
});
