import { describe, expect, it } from 'vitest';
import { billedCapacity, imageKey, type BillingImages, type TableKeys } from '../../bench/billing-model.js';
import { dynamoItemSize, type Item } from '../../bench/item-size.js';
import type { DynamoRequestRecord } from '../../bench/request-counter.js';

const KEYS: TableKeys = {
  partitionKey: 'pk',
  sortKey: 'sk',
  globalSecondaryIndexes: [
    { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    { indexName: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
  ],
};
const TABLE = 't';

/** An item of exactly `bytes` bytes by the documented formula, padded in attribute `d`. */
function itemOf(bytes: number, fields: Item = {}): Item {
  const base = { pk: `p${bytes}`, sk: 's', ...fields, d: '' };
  return { ...base, d: 'x'.repeat(bytes - dynamoItemSize(base)) };
}
const key = (item: Item) => ({ pk: item.pk, sk: item.sk });
const record = (command: string, input: Item, output: Item = {}): DynamoRequestRecord => ({
  command,
  capacityUnits: 0,
  input,
  output,
});
const imagesOf = (after: Item[], extra: Partial<BillingImages> = {}): BillingImages => ({
  after: new Map(after.map((item) => [imageKey(TABLE, item, KEYS), item])),
  ...extra,
});

describe('dynamoItemSize (name bytes + value bytes, per the DynamoDB item size rules)', () => {
  it.each([
    ['a string: name + UTF-8 bytes', { title: 'abc' }, 5 + 3],
    ['multi-byte UTF-8 in name and value', { é: 'ü€' }, 2 + 2 + 3],
    ['a number: 1 byte per two significant digits + 1', { n: 123.45 }, 1 + 3 + 1],
    ['trailing zeroes trimmed', { n: 1000 }, 1 + 1 + 1],
    ['leading zeroes trimmed', { n: 0.0012 }, 1 + 1 + 1],
    ['digit pairs align at the decimal point: 1|23|45.67|8', { n: 12345.678 }, 1 + 5 + 1],
    ['a negative number takes a byte more', { n: -12 }, 1 + 1 + 1 + 1],
    ['a boolean and a null: 1 byte each', { ok: true, gone: null }, 2 + 1 + 4 + 1],
    ['binary: raw bytes', { b: new Uint8Array(10) }, 1 + 10],
    ['a list: 3 bytes + 1 per element', { l: ['a', 1] }, 1 + 3 + (1 + 1) + (1 + 2)],
    ['a map: 3 bytes + 1 per element + names', { m: { x: 'yz' } }, 1 + 3 + (1 + 1 + 2)],
    ['an empty map', { m: {} }, 1 + 3],
    ['a string set: its members', { s: new Set(['ab', 'c']) }, 1 + 3],
    ['undefined attributes are not stored', { a: 'b', gone: undefined }, 2],
  ])('%s', (_label, item, expected) => {
    expect(dynamoItemSize(item as Item)).toBe(expected);
  });
});

describe('billedCapacity: writes', () => {
  it('a transaction of N items costs 2 × Σ ceil(size / 1 KB), plus one standard write per index entry', () => {
    // Arrange: 1, 2 and 3 write units; the 2-unit item is also in gsi1.
    const small = itemOf(500);
    const indexed = itemOf(1500, { gsi1pk: 'POSTS', gsi1sk: '2026' });
    const large = itemOf(2500);
    const tx = record('TransactWriteItems', {
      TransactItems: [small, indexed, large].map((Item) => ({
        Put: { TableName: TABLE, Item, ConditionExpression: 'attribute_not_exists(pk)' },
      })),
    });

    // Act
    const bill = billedCapacity([tx], imagesOf([small, indexed, large]), KEYS);

    // Assert
    expect(bill.wcu).toBe(2 * (1 + 2 + 3) + 2);
    expect(bill.total).toBe(14);
    expect(bill.approximate).toBe(false);
  });

  it('an unconditional Put into an index may have moved the item there: a lower bound', () => {
    const indexed = itemOf(300, { gsi3pk: 'ADMIN', gsi3sk: '2026' });
    const bill = billedCapacity([record('PutItem', { TableName: TABLE, Item: indexed })], imagesOf([indexed]), KEYS);
    expect(bill).toMatchObject({ wcu: 1 + 1, approximate: true });
  });

  it('two equal small items are billed twice (DynamoDB Local reports them once)', () => {
    const a = itemOf(100);
    const b = { ...itemOf(100), sk: 's2' };
    const tx = record('TransactWriteItems', {
      TransactItems: [a, b].map((Item) => ({
        Put: { TableName: TABLE, Item, ConditionExpression: 'attribute_not_exists(pk)' },
      })),
    });
    expect(billedCapacity([tx], imagesOf([a, b]), KEYS).total).toBe(4);
  });

  it('a ConditionCheck is billed as a transactional write of the checked item', () => {
    const checked = itemOf(3000);
    const put = itemOf(200);
    const tx = record('TransactWriteItems', {
      TransactItems: [
        { Put: { TableName: TABLE, Item: put } },
        { ConditionCheck: { TableName: TABLE, Key: key(checked), ConditionExpression: 'attribute_exists(pk)' } },
      ],
    });
    expect(billedCapacity([tx], imagesOf([checked, put]), KEYS).wcu).toBe(2 * 1 + 2 * 3);
  });

  it('an Update that names no index key rewrites the index entry once, sized from the new image', () => {
    const after = itemOf(1200, { gsi1pk: 'A', gsi1sk: '1', likeCount: 3 });
    const update = record('UpdateItem', {
      TableName: TABLE,
      Key: key(after),
      UpdateExpression: 'ADD #c :one',
      ExpressionAttributeNames: { '#c': 'likeCount' },
    });
    const bill = billedCapacity([update], imagesOf([after]), KEYS);
    expect(bill.wcu).toBe(2 + 2);
    expect(bill.approximate).toBe(false);
  });

  it('an index key change with a known old image is a delete plus a put in the index', () => {
    const before = itemOf(900, { gsi1pk: 'POSTS#draft', gsi1sk: '1' });
    const after = { ...before, gsi1pk: 'POSTS#published' };
    const update = record('UpdateItem', {
      TableName: TABLE,
      Key: key(after),
      UpdateExpression: 'SET gsi1pk = :p',
    });
    const images = imagesOf([after], { before: new Map([[imageKey(TABLE, before, KEYS), before]]) });
    const bill = billedCapacity([update], images, KEYS);
    expect(bill.wcu).toBe(1 + 2);
    expect(bill.approximate).toBe(false);
  });

  it('the same key change with the old image unknown is a lower bound', () => {
    const after = itemOf(900, { gsi1pk: 'POSTS#published', gsi1sk: '1' });
    const update = record('UpdateItem', { TableName: TABLE, Key: key(after), UpdateExpression: 'SET gsi1pk = :p' });
    const bill = billedCapacity([update], imagesOf([after]), KEYS);
    expect(bill.wcu).toBe(1 + 1);
    expect(bill.approximate).toBe(true);
  });

  it('a Delete of an item whose image is unknown costs at least 1 WCU and is marked approximate', () => {
    const gone = itemOf(100);
    const bill = billedCapacity([record('DeleteItem', { TableName: TABLE, Key: key(gone) })], imagesOf([]), KEYS);
    expect(bill).toMatchObject({ wcu: 1, approximate: true });
  });
});

describe('billedCapacity: reads', () => {
  const big = itemOf(5000);
  const get = (consistent: boolean) =>
    record('GetItem', { TableName: TABLE, Key: key(big), ConsistentRead: consistent }, { Item: big });

  it('GetItem: eventually consistent 0.5 per started 4 KB, strongly consistent 1', () => {
    expect(billedCapacity([get(false)], imagesOf([big]), KEYS).rcu).toBe(1);
    expect(billedCapacity([get(true)], imagesOf([big]), KEYS).rcu).toBe(2);
  });

  it('a projected GetItem is billed for the whole stored item', () => {
    const projected = record(
      'GetItem',
      { TableName: TABLE, Key: key(big), ProjectionExpression: 'pk' },
      { Item: { pk: big.pk } },
    );
    expect(billedCapacity([projected], imagesOf([big]), KEYS).rcu).toBe(1);
  });

  it('a Query rounds the summed sizes once; BatchGetItem rounds per item', () => {
    const items = [1, 2, 3].map((n) => ({ ...itemOf(1500), sk: `s${n}` }));
    const query = record('Query', { TableName: TABLE, KeyConditionExpression: 'pk = :p' }, { Items: items });
    const batch = record(
      'BatchGetItem',
      { RequestItems: { [TABLE]: { Keys: items.map(key) } } },
      { Responses: { [TABLE]: items } },
    );
    expect(billedCapacity([query], imagesOf([]), KEYS).rcu).toBe(0.5 * 2); // 4,500 B → 8 KB
    expect(billedCapacity([batch], imagesOf(items), KEYS).rcu).toBe(3 * 0.5);
    expect(
      billedCapacity([{ ...query, input: { ...query.input, ConsistentRead: true } }], imagesOf([]), KEYS).rcu,
    ).toBe(2);
  });

  it('an empty Query still costs one read unit', () => {
    const query = record('Query', { TableName: TABLE, KeyConditionExpression: 'pk = :p' }, { Items: [] });
    expect(billedCapacity([query], imagesOf([]), KEYS).rcu).toBe(0.5);
  });

  it('a filtered Query is priced from the items it evaluated, and is a lower bound without them', () => {
    const evaluated = [1, 2, 3, 4].map((n) => ({ ...itemOf(3000), sk: `s${n}` }));
    const filtered = record(
      'Query',
      { TableName: TABLE, KeyConditionExpression: 'pk = :p', FilterExpression: 'x = :x' },
      { Items: evaluated.slice(0, 1) },
    );
    expect(billedCapacity([filtered], imagesOf([], { evaluated: new Map([[0, evaluated]]) }), KEYS)).toMatchObject({
      rcu: 0.5 * 3,
      approximate: false,
    });
    expect(billedCapacity([filtered], imagesOf([]), KEYS)).toMatchObject({ rcu: 0.5, approximate: true });
  });

  it('TransactGetItems: 2 per started 4 KB per item, a missing item included', () => {
    const tx = record(
      'TransactGetItems',
      {
        TransactItems: [
          { Get: { TableName: TABLE, Key: key(big) } },
          { Get: { TableName: TABLE, Key: { pk: 'no', sk: 'pe' } } },
        ],
      },
      { Responses: [{ Item: big }, {}] },
    );
    expect(billedCapacity([tx], imagesOf([big]), KEYS).rcu).toBe(2 * 2 + 2);
  });

  it('sums reads and writes over the recorded requests', () => {
    const put = itemOf(700);
    const bill = billedCapacity(
      [get(false), record('PutItem', { TableName: TABLE, Item: put })],
      imagesOf([big, put]),
      KEYS,
    );
    expect(bill).toMatchObject({ rcu: 1, wcu: 1, total: 2 });
    expect(bill.requests.map((r) => r.command)).toEqual(['GetItem', 'PutItem']);
  });
});
