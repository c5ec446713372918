import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * Counts every DynamoDB request a client sends and sums the capacity DynamoDB reports for it. It sits on the client's
 * middleware stack (shared by a DocumentClient and the client it wraps), so it sees every send, whichever code path
 * issued it, and asks for ReturnConsumedCapacity TOTAL on the operations that support it.
 */
export interface DynamoRequestRecord {
  command: string;
  capacityUnits: number;
  failed?: boolean;
  /** The command's input and output as its caller sees them (plain values through a DocumentClient), kept so
   * bench/billing-model.ts can price the request by AWS's rules from the items it touched. */
  input?: Record<string, unknown>;
  output?: Record<string, unknown>;
}

const CAPACITY_COMMANDS = new Set([
  'GetItem',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'Query',
  'Scan',
  'BatchGetItem',
  'BatchWriteItem',
  'TransactGetItems',
  'TransactWriteItems',
]);

type Capacity = { CapacityUnits?: number } | { CapacityUnits?: number }[] | undefined;
const sumCapacity = (c: Capacity): number =>
  (Array.isArray(c) ? c : c ? [c] : []).reduce((sum, x) => sum + (x.CapacityUnits ?? 0), 0);

export interface RequestCounter {
  readonly records: DynamoRequestRecord[];
  reset(): void;
  /** Requests and capacity since the last reset. */
  snapshot(): { requests: number; capacityUnits: number; commands: string[] };
  detach(): void;
}

const NAME = 'benchDynamoRequestCounter';

export function attachRequestCounter(client: DynamoDBDocumentClient | DynamoDBClient): RequestCounter {
  const records: DynamoRequestRecord[] = [];
  const stack = client.middlewareStack as unknown as {
    add(mw: unknown, options: { step: string; name: string; override?: boolean }): void;
    remove(name: string): boolean;
  };
  stack.add(
    (
      next: (args: {
        input: Record<string, unknown>;
      }) => Promise<{ output: { ConsumedCapacity?: Capacity } & Record<string, unknown> }>,
      context: { commandName?: string },
    ) =>
      async (args: { input: Record<string, unknown> }) => {
        const command = (context.commandName ?? 'unknown').replace(/Command$/, '');
        if (CAPACITY_COMMANDS.has(command) && args.input.ReturnConsumedCapacity === undefined) {
          args.input.ReturnConsumedCapacity = 'TOTAL';
        }
        try {
          const result = await next(args);
          const { input } = args;
          records.push({
            command,
            capacityUnits: sumCapacity(result.output.ConsumedCapacity),
            input,
            output: result.output,
          });
          return result;
        } catch (error) {
          records.push({ command, capacityUnits: 0, failed: true, input: args.input });
          throw error;
        }
      },
    { step: 'initialize', name: NAME, override: true },
  );
  return {
    records,
    reset: () => void records.splice(0),
    snapshot: () => ({
      requests: records.length,
      capacityUnits: Math.round(records.reduce((s, r) => s + r.capacityUnits, 0) * 100) / 100,
      commands: records.map((r) => (r.failed ? `${r.command}(failed)` : r.command)),
    }),
    detach: () => void stack.remove(NAME),
  };
}
