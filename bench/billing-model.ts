import type { IndexDefinition } from '../shared/data/table-definition.js';
import { dynamoItemSize, type Item } from './item-size.js';
import type { DynamoRequestRecord } from './request-counter.js';

/**
 * What AWS would bill for the requests the request counter recorded, computed from the items they touched, because
 * DynamoDB Local under-reports transactions (it charges equal-sized items of one transaction once). Rules, from the
 * DynamoDB Developer Guide (URLs in the note of the bench-billing branch and in docs cited below):
 * - writes: 1 WCU per started KB of the larger of the item's before/after image, per item; in TransactWriteItems
 *   2 per item, ConditionCheck included (it is billed as a write);
 * - every GSI whose keys the item has: 1 write of the index entry (ALL projection: the item's size) per started KB;
 *   2 when its index key changes (delete + put). Index entries of a transaction are propagated after it commits, so
 *   they are priced as standard writes (the docs do not double them; DynamoDB Local does);
 * - reads: per started 4 KB, 0.5 RCU eventually consistent, 1 strongly consistent, 2 transactional; a Query or Scan
 *   sums the sizes of the items it evaluated before rounding, GetItem/BatchGetItem round per item; a missing item
 *   still costs one unit.
 * Where an image is unknown (a Delete's item, an index key an Update or Put may have changed) the price is a lower
 * bound and `approximate` is set.
 */
export interface TableKeys {
  partitionKey: string;
  sortKey: string;
  globalSecondaryIndexes: readonly IndexDefinition[];
}

export interface BillingImages {
  /** Items as they are after the request, by imageKey(): what it wrote, and the full items its key reads read.
   * null = no item; absent = unknown. */
  after: ReadonlyMap<string, Item | null>;
  /** Items before the request, where known (null = there was none). */
  before?: ReadonlyMap<string, Item | null>;
  /** For Query/Scan records, by their index in `records`: the full items evaluated (before projection/filter). */
  evaluated?: ReadonlyMap<number, Item[]>;
}

export interface RequestBill {
  command: string;
  rcu: number;
  wcu: number;
  approximate: boolean;
}

export interface BilledCapacity {
  rcu: number;
  wcu: number;
  total: number;
  approximate: boolean;
  requests: RequestBill[];
}

export type WriteKind = 'Put' | 'Update' | 'Delete' | 'ConditionCheck';

export interface WriteAction {
  kind: WriteKind;
  table: string;
  key: Item;
  /** A Put's item. */
  item?: Item;
  transactional: boolean;
  /** The item certainly did not exist before (a successful Put conditioned on attribute_not_exists(pk)). */
  createsItem: boolean;
  /** Attribute names an Update expression mentions. */
  updatedNames?: Set<string>;
}

const WRITE_KB = 1024;
const READ_KB = 4096;
const writeUnits = (bytes: number) => Math.max(1, Math.ceil(bytes / WRITE_KB));
const readUnits = (bytes: number) => Math.max(1, Math.ceil(bytes / READ_KB));
const round = (n: number) => Math.round(n * 100) / 100;
const sizeOf = (item: Item | null | undefined) => (item ? dynamoItemSize(item) : 0);

export function imageKey(table: string, key: Item, keys: Pick<TableKeys, 'partitionKey' | 'sortKey'>): string {
  return JSON.stringify([table, key[keys.partitionKey], key[keys.sortKey]]);
}

const keyOf = (item: Item, keys: TableKeys): Item => ({
  [keys.partitionKey]: item[keys.partitionKey],
  [keys.sortKey]: item[keys.sortKey],
});

type Input = Record<string, unknown>;

/** The names an update expression mentions, `#placeholders` resolved. */
function expressionNames(expression: unknown, names: unknown): Set<string> {
  const placeholders = (names ?? {}) as Record<string, string>;
  const found = new Set<string>();
  for (const token of String(expression ?? '').match(/#?[A-Za-z_][\w]*/g) ?? [])
    found.add(token.startsWith('#') ? (placeholders[token] ?? token) : token);
  return found;
}

const createsItem = (condition: unknown, keys: TableKeys) =>
  typeof condition === 'string' && condition.replace(/\s+/g, '') === `attribute_not_exists(${keys.partitionKey})`;

/** The items a write request puts, updates, deletes or checks, in request order. */
export function writeActions(record: DynamoRequestRecord, keys: TableKeys): WriteAction[] {
  const input = (record.input ?? {}) as Input;
  const put = (p: Input, transactional: boolean): WriteAction => ({
    kind: 'Put',
    table: String(p.TableName),
    key: keyOf(p.Item as Item, keys),
    item: p.Item as Item,
    transactional,
    createsItem: !record.failed && createsItem(p.ConditionExpression, keys),
  });
  const byKey = (kind: WriteKind, p: Input, transactional: boolean): WriteAction => ({
    kind,
    table: String(p.TableName),
    key: p.Key as Item,
    transactional,
    createsItem: false,
    updatedNames: kind === 'Update' ? expressionNames(p.UpdateExpression, p.ExpressionAttributeNames) : undefined,
  });
  switch (record.command) {
    case 'PutItem':
      return [put(input, false)];
    case 'UpdateItem':
    case 'DeleteItem':
      return [byKey(record.command === 'UpdateItem' ? 'Update' : 'Delete', input, false)];
    case 'TransactWriteItems':
      return ((input.TransactItems ?? []) as Record<WriteKind, Input | undefined>[]).map((action) => {
        if (action.Put) return put(action.Put, true);
        const kind = (['Update', 'Delete', 'ConditionCheck'] as const).find((k) => action[k])!;
        return byKey(kind, action[kind]!, true);
      });
    case 'BatchWriteItem': {
      const unprocessed = (record.output?.UnprocessedItems ?? {}) as Record<string, unknown[]>;
      return Object.entries((input.RequestItems ?? {}) as Record<string, Input[]>).flatMap(([table, requests]) =>
        requests
          .filter((r) => !(unprocessed[table] ?? []).some((u) => JSON.stringify(u) === JSON.stringify(r)))
          .map((r) =>
            r.PutRequest
              ? put({ ...(r.PutRequest as Input), TableName: table }, false)
              : byKey('Delete', { ...(r.DeleteRequest as Input), TableName: table }, false),
          ),
      );
    }
    default:
      return [];
  }
}

const inIndex = (item: Item | null | undefined, index: IndexDefinition) =>
  Boolean(item) && item![index.partitionKey] !== undefined && item![index.sortKey] !== undefined;

/** Index writes (WCU) for one GSI when both images are known. */
function indexWrites(before: Item | null, after: Item | null, index: IndexDefinition): number {
  const wasIn = inIndex(before, index);
  const isIn = inIndex(after, index);
  if (wasIn && isIn) {
    const sameKey =
      before![index.partitionKey] === after![index.partitionKey] && before![index.sortKey] === after![index.sortKey];
    return sameKey
      ? writeUnits(Math.max(sizeOf(before), sizeOf(after)))
      : writeUnits(sizeOf(before)) + writeUnits(sizeOf(after));
  }
  if (wasIn) return writeUnits(sizeOf(before));
  return isIn ? writeUnits(sizeOf(after)) : 0;
}

function billWrite(action: WriteAction, images: BillingImages, keys: TableKeys): { wcu: number; approximate: boolean } {
  const at = imageKey(action.table, action.key, keys);
  const known = images.before?.has(at) || action.createsItem;
  const before = action.createsItem ? null : images.before?.get(at);
  const stored = images.after.get(at);
  const after = action.kind === 'Put' ? action.item! : action.kind === 'Delete' ? null : stored;
  const factor = action.transactional ? 2 : 1;
  let approximate = false;

  if (action.kind === 'ConditionCheck') {
    if (stored === undefined) approximate = true;
    return { wcu: factor * writeUnits(sizeOf(stored)), approximate };
  }
  if (after === undefined || (action.kind === 'Delete' && !known)) approximate = true;
  let wcu = factor * writeUnits(Math.max(sizeOf(before), sizeOf(after)));

  for (const index of keys.globalSecondaryIndexes) {
    if (known) {
      wcu += indexWrites(before ?? null, after ?? null, index);
      continue;
    }
    // Old image unknown. An Update that names no key of this index leaves the item's place in it as it was; a Put
    // into the index may have moved it (delete + put). Not flagged: a Put that took an item out of an index.
    const keyNames = [index.partitionKey, index.sortKey];
    const keysUnchanged = action.kind === 'Update' && !keyNames.some((n) => action.updatedNames?.has(n));
    if (!inIndex(after, index)) {
      if (action.kind === 'Update' && !keysUnchanged) approximate = true;
      continue;
    }
    if (!keysUnchanged) approximate = true;
    wcu += writeUnits(sizeOf(after));
  }
  return { wcu, approximate };
}

function billRead(
  record: DynamoRequestRecord,
  images: BillingImages,
  evaluated: Item[] | undefined,
  keys: TableKeys,
): RequestBill {
  const input = (record.input ?? {}) as Input;
  const output = (record.output ?? {}) as Input;
  const consistency = (i: Input) => (i.ConsistentRead ? 1 : 0.5);
  const bill = (rcu: number, approximate = false) => ({ command: record.command, rcu, wcu: 0, approximate });
  if (record.failed) return bill(consistency(input), true);
  // A key read is sized from the full stored item (a projection does not make it cheaper), else from its answer.
  const found = new Map<string, Item | undefined>();
  const keyRead = (table: string, key: Item, answered: Item | undefined, perUnit: number, projected: boolean) => {
    const at = imageKey(table, key, keys);
    const item = images.after.has(at) ? (images.after.get(at) ?? undefined) : answered;
    return { units: perUnit * readUnits(sizeOf(item)), approximate: !images.after.has(at) && projected };
  };
  const sum = (parts: { units: number; approximate: boolean }[]) =>
    bill(
      parts.reduce((total, p) => total + p.units, 0),
      parts.some((p) => p.approximate),
    );
  switch (record.command) {
    case 'GetItem':
      return sum([
        keyRead(
          String(input.TableName),
          input.Key as Item,
          output.Item as Item | undefined,
          consistency(input),
          Boolean(input.ProjectionExpression),
        ),
      ]);
    case 'TransactGetItems':
      return sum(
        ((input.TransactItems ?? []) as { Get: Input }[]).map(({ Get }, i) =>
          keyRead(
            String(Get.TableName),
            Get.Key as Item,
            ((output.Responses ?? []) as { Item?: Item }[])[i]?.Item,
            2,
            Boolean(Get.ProjectionExpression),
          ),
        ),
      );
    case 'BatchGetItem': {
      const responses = (output.Responses ?? {}) as Record<string, Item[]>;
      const unprocessed = (output.UnprocessedKeys ?? {}) as Record<string, { Keys?: Item[] }>;
      return sum(
        Object.entries((input.RequestItems ?? {}) as Record<string, Input>).flatMap(([table, request]) => {
          for (const item of responses[table] ?? []) found.set(imageKey(table, item, keys), item);
          const skip = new Set((unprocessed[table]?.Keys ?? []).map((k) => imageKey(table, k, keys)));
          return ((request.Keys ?? []) as Item[])
            .filter((k) => !skip.has(imageKey(table, k, keys)))
            .map((k) =>
              keyRead(
                table,
                k,
                found.get(imageKey(table, k, keys)),
                consistency(request),
                Boolean(request.ProjectionExpression),
              ),
            );
        }),
      );
    }
    case 'Query':
    case 'Scan': {
      const items = evaluated ?? ((output.Items ?? []) as Item[]);
      const narrowed = Boolean(input.ProjectionExpression || input.FilterExpression || input.Select);
      const bytes = items.reduce((total, item) => total + sizeOf(item), 0);
      return bill(consistency(input) * readUnits(bytes), !evaluated && narrowed);
    }
    default:
      return bill(0);
  }
}

export function billedCapacity(
  records: readonly DynamoRequestRecord[],
  images: BillingImages,
  keys: TableKeys,
): BilledCapacity {
  const requests = records.map((record, index): RequestBill => {
    const actions = writeActions(record, keys);
    if (!actions.length) return billRead(record, images, images.evaluated?.get(index), keys);
    const writes = actions.map((action) => billWrite(action, images, keys));
    return {
      command: record.command,
      rcu: 0,
      wcu: writes.reduce((sum, w) => sum + w.wcu, 0),
      // A cancelled transaction is priced as if it ran: what AWS charges for one is not documented.
      approximate: Boolean(record.failed) || writes.some((w) => w.approximate),
    };
  });
  const rcu = round(requests.reduce((sum, r) => sum + r.rcu, 0));
  const wcu = round(requests.reduce((sum, r) => sum + r.wcu, 0));
  return { rcu, wcu, total: round(rcu + wcu), approximate: requests.some((r) => r.approximate), requests };
}
