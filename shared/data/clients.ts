import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { Config } from '../config/config.js';

/**
 * SDK clients are created once per process. Endpoints are overridden only for DynamoDB Local / LocalStack.
 *
 * Every DynamoDB request is bounded: 1 s to connect, 1.5 s for the answer, 2 attempts. A stalled table therefore
 * fails a request after at most ~3.3 s (1.5 + jittered backoff + 1.5), which the error mapper turns into 503 with
 * Retry-After — well inside the functions' timeout, so a client never sees the gateway's 502/504 instead.
 */
export const DYNAMODB_TIMEOUTS = { connectionTimeoutMs: 1_000, requestTimeoutMs: 1_500, maxAttempts: 2 } as const;

let documentClient: DynamoDBDocumentClient | undefined;

export function dynamoDocumentClient(config: Pick<Config, 'AWS_REGION' | 'DYNAMODB_ENDPOINT'>): DynamoDBDocumentClient {
  if (documentClient) return documentClient;
  const local = config.DYNAMODB_ENDPOINT
    ? { endpoint: config.DYNAMODB_ENDPOINT, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
    : {};
  const client = new DynamoDBClient({
    region: config.AWS_REGION,
    maxAttempts: DYNAMODB_TIMEOUTS.maxAttempts,
    requestHandler: new NodeHttpHandler({
      connectionTimeout: DYNAMODB_TIMEOUTS.connectionTimeoutMs,
      requestTimeout: DYNAMODB_TIMEOUTS.requestTimeoutMs,
      // Without this the handler only logs a warning when requestTimeout passes and keeps waiting.
      throwOnRequestTimeout: true,
    }),
    ...local,
  });
  documentClient = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
  });
  return documentClient;
}
