import { SignJWT } from 'jose';

/**
 * Mints HS256 admin tokens for the local runtime, LocalStack and tests. Never used by a deployed function.
 */
export interface LocalAdminTokenOptions {
  secret: string;
  sub?: string;
  name: string;
  email?: string;
  /** jose time span ("12h") or epoch seconds. */
  expiresIn?: string | number;
  issuer?: string;
  audience?: string;
  now?: Date;
}

export async function mintLocalAdminToken(options: LocalAdminTokenOptions): Promise<string> {
  const issuedAt = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const claims: Record<string, string> = { name: options.name };
  if (options.email) claims.email = options.email;
  let jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(options.sub ?? 'admin')
    .setIssuedAt(issuedAt)
    .setExpirationTime(
      typeof options.expiresIn === 'number' ? options.expiresIn : issuedAt + spanSeconds(options.expiresIn ?? '12h'),
    );
  if (options.issuer) jwt = jwt.setIssuer(options.issuer);
  if (options.audience) jwt = jwt.setAudience(options.audience);
  return jwt.sign(new TextEncoder().encode(options.secret));
}

function spanSeconds(span: string): number {
  const match = /^(-?\d+)\s*(s|m|h|d)$/.exec(span.trim());
  if (!match) throw new Error(`Unsupported time span "${span}" (use e.g. 30s, 15m, 12h, 7d)`);
  const unit = { s: 1, m: 60, h: 3600, d: 86_400 }[match[2] as 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}
