import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';

/** A real S3-protocol server on loopback (s3rver), with one empty bucket. */
export interface S3Server {
  endpoint: string;
  bucket: string;
  /** What points fieldhouse at it: FIELDHOUSE_S3_* and the AWS credentials s3rver accepts. */
  env: Record<string, string>;
  /** The keys of every object in the bucket, read from s3rver's own directory. */
  objectKeys(): string[];
  stop(): Promise<void>;
}

export async function startS3Server(bucket = 'fieldhouse-test'): Promise<S3Server> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldhouse-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  // s3rver keeps an object as a file named `{key}._S3rver_object` beside its metadata files.
  const bucketDir = path.join(directory, bucket);
  const objectKeys = () =>
    fs.existsSync(bucketDir)
      ? (fs.readdirSync(bucketDir, { recursive: true }) as string[])
          .filter((name) => name.endsWith('._S3rver_object'))
          .map((name) => name.slice(0, -'._S3rver_object'.length).split(path.sep).join('/'))
      : [];
  return {
    endpoint,
    bucket,
    env: {
      FIELDHOUSE_S3_ENDPOINT: endpoint,
      FIELDHOUSE_S3_BUCKET: bucket,
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      AWS_REGION: 'us-east-1',
    },
    objectKeys,
    async stop() {
      await server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
