/**
 * The size DynamoDB bills an item at, per "DynamoDB item sizes and formats"
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html): the sum over
 * attributes of the UTF-8 bytes of the name plus the value's size. Values are as a DocumentClient hands them over
 * (plain strings, numbers, booleans, arrays, objects, Sets, Uint8Arrays).
 */
export type Item = Record<string, unknown>;

const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');

/** Numbers: 1 byte per two significant digits (leading and trailing zeroes trimmed) plus 1 byte. */
export function numberSize(value: number | bigint | string): number {
  const text = String(value).toLowerCase().replace(/^[-+]/, '');
  const mantissa = text.split('e')[0].replace('.', '');
  const significant = mantissa.replace(/^0+/, '').replace(/0+$/, '');
  return Math.ceil(Math.max(1, significant.length) / 2) + 1;
}

const isNumberValue = (value: object): value is { value: string } =>
  value.constructor?.name === 'NumberValue' && typeof (value as { value?: unknown }).value === 'string';

export function attributeValueSize(value: unknown): number {
  if (value === null || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return utf8(value);
  if (typeof value === 'number' || typeof value === 'bigint') return numberSize(value);
  if (value instanceof Uint8Array) return value.byteLength;
  if (value instanceof ArrayBuffer) return value.byteLength;
  // Sets: the docs give no overhead for them; each member is sized like a scalar of its type.
  if (value instanceof Set) return [...value].reduce((sum: number, member) => sum + attributeValueSize(member), 0);
  // Lists and maps: 3 bytes of overhead, plus 1 byte per element (and a map element's name).
  if (Array.isArray(value)) return value.reduce((sum: number, element) => sum + 1 + attributeValueSize(element), 3);
  if (typeof value === 'object' && isNumberValue(value)) return numberSize(value.value);
  if (typeof value === 'object') {
    return Object.entries(value as Item)
      .filter(([, element]) => element !== undefined)
      .reduce((sum, [name, element]) => sum + 1 + utf8(name) + attributeValueSize(element), 3);
  }
  throw new TypeError(`no DynamoDB size for a value of type ${typeof value}`);
}

export function dynamoItemSize(item: Item): number {
  return Object.entries(item)
    .filter(([, value]) => value !== undefined)
    .reduce((sum, [name, value]) => sum + utf8(name) + attributeValueSize(value), 0);
}
