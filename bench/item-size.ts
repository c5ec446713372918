/**
 * The size DynamoDB bills an item at, per "DynamoDB item sizes and formats"
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html): the sum over
 * attributes of the UTF-8 bytes of the name plus the value's size. Values are as a DocumentClient hands them over
 * (plain strings, numbers, booleans, arrays, objects, Sets, Uint8Arrays).
 */
export type Item = Record<string, unknown>;

const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');

/**
 * Numbers: 1 byte per two significant digits plus 1 byte, leading and trailing zeroes trimmed. The pairs are
 * aligned at the decimal point (12345.678 is 1|23|45.67|80: 5 pairs, 6 bytes), and a negative number takes one
 * byte more. That is what DynamoDB Local computes (measured at the 1 KB boundary); the docs say "approximately".
 */
export function numberSize(value: number | bigint | string): number {
  const text = String(value).toLowerCase();
  const negative = text.startsWith('-') ? 1 : 0;
  const [mantissa, exponent = '0'] = text.replace(/^[-+]/, '').split('e');
  const [whole, fraction = ''] = mantissa.split('.');
  const digits = whole + fraction;
  const first = digits.search(/[1-9]/);
  if (first < 0) return 2;
  const last = digits.length - 1 - [...digits].reverse().join('').search(/[1-9]/);
  // The power of ten of digit i is (digits before the point) - 1 - i; a pair holds powers 2k and 2k + 1.
  const point = whole.length + Number(exponent);
  const pair = (i: number) => Math.floor((point - 1 - i) / 2);
  return pair(first) - pair(last) + 2 + negative;
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
