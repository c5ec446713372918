import { DomainError } from '../domain/errors.js';
import {
  QueryCommand,
  TransactGetCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
  type TransactGetCommandInput,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';

/**
 * Small helpers every DynamoDB repository uses: one typed send, reading transaction cancellation reasons, jittered
 * backoff, and the retry loops for transactions (writes, and snapshot reads). Requests are counted by the one request counter
 * (bench/request-counter.ts), a middleware on the client, never by hooks threaded through repositories.
 */

/** What every DynamoDB repository is built from. */
export interface DynamoRepositoryOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
}

export type Item = Record<string, unknown>;
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
export type Send = ReturnType<typeof sender>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export const backoff = (attempt: number) => sleep(Math.random() * Math.min(400, 15 * 2 ** attempt));

export const cancellationCodes = (error: unknown): string[] | undefined =>
  (error as { name?: string }).name === 'TransactionCanceledException'
    ? ((error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).map((r) => r.Code ?? 'None')
    : undefined;

export const isConditionFailure = (error: unknown) => (error as Error).name === 'ConditionalCheckFailedException';

/**
 * What to do with a cancelled transaction: throw (a domain error), 'retry' (after a backoff, e.g. the post head was
 * locked by a rename), or undefined (not explained: a TransactionConflict is retried, anything else rethrown).
 */
export type Explain = (
  codes: string[],
  attempt: number,
) => Error | 'retry' | undefined | Promise<Error | 'retry' | undefined>;

/** The one transaction retry loop: conflicts and explained retries back off; failed conditions become errors. */
export async function transactWithRetry(
  send: Send,
  items: TransactItem[] | (() => TransactItem[]),
  explain: Explain,
  maxAttempts = 8,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await send(
        'TransactWriteItems',
        new TransactWriteCommand({ TransactItems: typeof items === 'function' ? items() : items }),
      );
      return;
    } catch (error) {
      const codes = cancellationCodes(error);
      if (!codes) throw error;
      const verdict = await explain(codes, attempt);
      if (verdict instanceof Error) throw verdict;
      const retryable = verdict === 'retry' || codes.includes('TransactionConflict');
      if (!retryable) throw error;
      // Still contended after every attempt (a burst, or a rename lock left by a crash that has not expired yet):
      // a 503 the client may retry, never a 500.
      if (attempt >= maxAttempts) throw tooContended();
      await backoff(attempt);
    }
  }
}

const tooContended = () =>
  new DomainError(
    'service_unavailable',
    'Too many changes to the same item at once; try again in a moment',
    undefined,
    1,
  );

/** TransactGetItems, one snapshot of its items; a read cancelled by a concurrent transaction backs off and retries. */
export async function transactGetWithRetry(
  send: Send,
  gets: NonNullable<TransactGetCommandInput['TransactItems']>,
  maxAttempts = 8,
): Promise<(Item | undefined)[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      const { Responses = [] } = await send<{ Responses?: { Item?: Item }[] }>(
        'TransactGetItems',
        new TransactGetCommand({ TransactItems: gets }),
      );
      return gets.map((_, index) => Responses[index]?.Item);
    } catch (error) {
      const codes = cancellationCodes(error);
      if (!codes?.includes('TransactionConflict')) throw error;
      if (attempt >= maxAttempts) throw tooContended();
      await backoff(attempt);
    }
  }
}

/** client.send with the output typed by the caller; `operation` names the request where it is sent. */
export function sender(client: DynamoDBDocumentClient) {
  return async <T>(_operation: string, command: { input: object }): Promise<T> =>
    (await client.send(command as never)) as unknown as T;
}

/** Every item of a Query, page after page (for lists that are small by construction, e.g. markers, a time window). */
export async function queryAll(send: Send, input: QueryCommandInput): Promise<Item[]> {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const { Items = [], LastEvaluatedKey } = await send<{ Items?: Item[]; LastEvaluatedKey?: Item }>(
      'Query',
      new QueryCommand({ ...input, ExclusiveStartKey: start }),
    );
    items.push(...Items);
    start = LastEvaluatedKey;
  } while (start);
  return items;
}
