import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type DynamoDBDocumentClient, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';

/**
 * Small helpers every DynamoDB repository uses: request instrumentation for the benchmark, reading transaction
 * cancellation reasons, and jittered backoff for retrying transaction conflicts.
 */

/** Called once per DynamoDB request: the benchmark counts requests and capacity units with it. */
export type CapacityHook = (event: { operation: string; capacityUnits: number }) => void;

/** What every DynamoDB repository is built from. */
export interface DynamoRepositoryOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  onConsumedCapacity?: CapacityHook;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export const backoff = (attempt: number) => sleep(Math.random() * Math.min(400, 15 * 2 ** attempt));

export const cancellationCodes = (error: unknown): string[] | undefined =>
  (error as { name?: string }).name === 'TransactionCanceledException'
    ? ((error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).map((r) => r.Code ?? 'None')
    : undefined;

/** Wraps client.send so every request reports its capacity to the hook (also when it fails). */
export function instrumented(client: DynamoDBDocumentClient, hook: CapacityHook | undefined) {
  return async <T>(operation: string, command: { input: object }): Promise<T> => {
    if (hook) (command.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = 'TOTAL';
    try {
      const output = (await client.send(command as never)) as unknown as T & { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] };
      hook?.({ operation, capacityUnits: sumCapacity(output.ConsumedCapacity) });
      return output;
    } catch (error) {
      hook?.({ operation, capacityUnits: 0 });
      throw error;
    }
  };
}

const sumCapacity = (capacity: ConsumedCapacity | ConsumedCapacity[] | undefined): number =>
  (Array.isArray(capacity) ? capacity : capacity ? [capacity] : []).reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);

type TransactItems = NonNullable<TransactWriteCommandInput['TransactItems']>;

/** One TransactWriteItems, retried on transaction conflicts; `explain` turns failed conditions into the error to throw. */
export async function transactWrite(
  send: ReturnType<typeof instrumented>, items: TransactItems, explain: (codes: string[]) => Error | undefined, maxAttempts: number,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await send('TransactWriteItems', new TransactWriteCommand({ TransactItems: items }));
      return;
    } catch (error) {
      const codes = cancellationCodes(error);
      if (!codes) throw error;
      const explained = explain(codes);
      if (explained) throw explained;
      if (codes.includes('TransactionConflict') && attempt < maxAttempts) {
        await backoff(attempt);
        continue;
      }
      throw error;
    }
  }
}
