import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';

/**
 * The visitor's own address. Behind CloudFront, `requestContext.identity.sourceIp` is a CloudFront edge shared by
 * everyone it serves; CloudFront forwards the viewer's address in CloudFront-Viewer-Address ("ip:port") and adds the
 * deployment's secret in the origin-verify header. The viewer address is trusted only when that secret matches:
 * a request sent straight to the execute-api URL cannot choose its identity, it is keyed on its own sourceIp.
 */
export const ORIGIN_VERIFY_HEADER = 'x-origin-verify';
export const VIEWER_ADDRESS_HEADER = 'cloudfront-viewer-address';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Constant-time comparison, so the secret cannot be guessed byte by byte from response times. */
function matchesAny(candidate: string, secrets: readonly string[]): boolean {
  const given = digest(candidate);
  return secrets.reduce((found, secret) => timingSafeEqual(given, digest(secret)) || found, false);
}

/** "198.51.100.10:46532" → 198.51.100.10; "2001:db8::1:46532" → 2001:db8::1 (the port is after the last colon). */
export function viewerIpOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const colon = value.lastIndexOf(':');
  if (colon <= 0 || !/^\d{1,5}$/.test(value.slice(colon + 1))) return undefined;
  const ip = value.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
  return isIP(ip) ? ip : undefined;
}

/** `headers` lower-cased, as ApiRequest has them. */
export function resolveVisitorAddress(
  headers: Record<string, string>,
  sourceIp: string,
  originSecrets: readonly string[],
): string {
  const proof = headers[ORIGIN_VERIFY_HEADER];
  if (!proof || originSecrets.length === 0 || !matchesAny(proof, originSecrets)) return sourceIp;
  return viewerIpOf(headers[VIEWER_ADDRESS_HEADER]) ?? sourceIp;
}
