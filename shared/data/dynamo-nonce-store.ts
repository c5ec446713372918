import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { NonceStore } from '../domain/subscriptions/subscription-repository.js';
import { sender, type DynamoRepositoryOptions } from './dynamo-requests.js';
import { subscriptionKeys } from './subscription-keys.js';

/** One-time link nonces: a conditional put, kept until the link would have expired anyway (TTL). */
export class DynamoNonceStore implements NonceStore {
  private readonly send: ReturnType<typeof sender>;
  private readonly table: string;

  constructor(options: DynamoRepositoryOptions) {
    this.send = sender(options.client);
    this.table = options.tableName;
  }

  async consume(scope: string, nonce: string, now: Date, ttlSeconds: number): Promise<boolean> {
    try {
      await this.send(
        'PutItem',
        new PutCommand({
          TableName: this.table,
          Item: {
            ...subscriptionKeys.nonce(scope, nonce),
            entity: 'usedNonce',
            usedAt: now.toISOString(),
            expiresAt: Math.floor(now.getTime() / 1000) + ttlSeconds,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }
}
