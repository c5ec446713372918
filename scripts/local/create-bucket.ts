import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { localS3Client } from './feed-objects.js';

/** Creates the feeds bucket on an S3 store the runtime did not start (s3rver creates its own up front). */
export async function ensureBucket(endpoint: string, bucket: string): Promise<void> {
  const s3 = localS3Client(endpoint);
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (error) {
    const name = (error as Error).name;
    if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists') throw error;
  } finally {
    s3.destroy();
  }
}
