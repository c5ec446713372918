import { randomBytes } from 'node:crypto';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { ensureTable } from '../../scripts/local/create-table.js';
import { startDynamoLocal, type DynamoLocal } from '../../scripts/local/dynamo-local.js';

/**
 * A DynamoDB Local table for tests that talk to repositories directly (no HTTP). In the integration project it
 * reuses the suite's DynamoDB Local and creates a uniquely named table; elsewhere it spawns DynamoDB Local on a
 * random port. Tables come from shared/data/table-definition.ts, like the deployed one.
 */
export interface TestTable {
  endpoint: string;
  tableName: string;
  client: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  /** Deletes the table and, if this helper started DynamoDB Local, stops it. */
  stop(): Promise<void>;
}

export function localDynamoClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

export function localDocumentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

function sharedEndpoint(): string | undefined {
  try {
    return inject('localRuntime')?.dynamoEndpoint;
  } catch {
    return undefined;
  }
}

export async function startTestTable(options: { tableName?: string; spawnOwn?: boolean } = {}): Promise<TestTable> {
  const reuse = options.spawnOwn ? undefined : sharedEndpoint();
  let own: DynamoLocal | undefined;
  const endpoint = reuse ?? (own = await startDynamoLocal()).endpoint;
  const tableName = options.tableName ?? `test-${randomBytes(6).toString('hex')}`;
  const client = localDynamoClient(endpoint);
  try {
    await ensureTable(client, tableName);
  } catch (error) {
    client.destroy();
    await own?.stop();
    throw error;
  }
  return {
    endpoint,
    tableName,
    client,
    doc: localDocumentClient(client),
    async stop() {
      if (!own) await client.send(new DeleteTableCommand({ TableName: tableName })).catch(() => undefined);
      client.destroy();
      await own?.stop();
    },
  };
}
