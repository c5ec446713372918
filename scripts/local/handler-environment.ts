import { LOCAL_LAMBDA_PATH } from './lambda-invoke-endpoint.js';

/**
 * The environment the handlers run with locally: the caller's environment and overrides, pointed at the local
 * endpoints with throw-away credentials and the local admin secret.
 */
export function handlerEnvironment(input: {
  base: Record<string, string | undefined>;
  overrides: Record<string, string>;
  dynamoEndpoint: string;
  s3Endpoint: string;
  port: number;
  adminSecret: string;
  bundled: boolean;
}): Record<string, string> {
  const merged: Record<string, string | undefined> = {
    STAGE: 'local',
    BLOG_AUTHOR_EMAIL: 'author@example.com',
    LOG_LEVEL: 'WARN',
    ...input.base,
    ...input.overrides,
  };
  return {
    ...(Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== undefined)) as Record<string, string>),
    TABLE_NAME: merged.TABLE_NAME || 'blog',
    BUCKET_NAME: merged.BUCKET_NAME || 'blog-feeds',
    SITE_URL: input.overrides.SITE_URL ?? `http://localhost:${input.port}`,
    DYNAMODB_ENDPOINT: input.dynamoEndpoint,
    S3_ENDPOINT: input.s3Endpoint,
    // Local endpoints only: never let real credentials from the shell sign requests here. s3rver accepts only the
    // key pair S3RVER/S3RVER; DynamoDB Local (-sharedDb) accepts any.
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    ADMIN_AUTH_MODE: 'hs256',
    ADMIN_JWT_SECRET: input.adminSecret,
    // Publish/moderation events make the deployed code's signed asynchronous Lambda Invoke request; the emulator
    // answers it and hands the request to the local feed jobs.
    FEED_FUNCTION_NAME: 'feed-builder',
    LAMBDA_ENDPOINT: `http://127.0.0.1:${input.port}${LOCAL_LAMBDA_PATH}`,
  };
}
