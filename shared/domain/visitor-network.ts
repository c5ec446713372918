import { isIP } from 'node:net';

/**
 * The unit a visitor is counted in. An IPv4 address is one visitor. An IPv6 visitor usually controls a whole /64
 * (SLAAC, privacy addresses rotate inside it), so rate limits and likes count the /64: otherwise every new address
 * would be a fresh rate-limit bucket and a fresh like.
 */
export function visitorNetwork(address: string): string {
  const ip = address.trim().toLowerCase().replace(/%.*$/, '');
  if (isIP(ip) !== 6) return ip;
  const groups = ipv6Groups(ip);
  // IPv4-mapped (::ffff:a.b.c.d): the IPv4 visitor behind a dual-stack socket.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return [groups[6] >> 8, groups[6] & 255, groups[7] >> 8, groups[7] & 255].join('.');
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address (`::` expanded, a dotted IPv4 tail converted). */
function ipv6Groups(ip: string): number[] {
  let text = ip;
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number);
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const parse = (part: string | undefined) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const left = parse(head);
  const right = parse(tail);
  return tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill(0), ...right];
}
