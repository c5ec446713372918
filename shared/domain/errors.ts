/**
 * Domain errors carry a stable machine-readable code. The HTTP layer maps each code to a status in exactly one
 * place (shared/http/error-mapping.ts); domain code never knows about HTTP.
 */
export type ErrorCode =
  | 'bad_request'
  | 'validation_failed'
  | 'unauthorized'
  | 'forbidden'
  | 'comments_closed'
  | 'not_found'
  | 'method_not_allowed'
  | 'conflict'
  | 'slug_taken'
  | 'duplicate_comment'
  | 'precondition_failed'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'idempotency_key_reused'
  | 'rate_limited'
  | 'service_unavailable'
  | 'internal_error';

export interface ErrorDetail {
  field?: string;
  message: string;
  [key: string]: unknown;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
    /** Seconds a client should wait (rate limits, dependency outages). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string) => new DomainError('not_found', `${what} not found`);
export const validationFailed = (details: ErrorDetail[], message = 'The request is not valid') =>
  new DomainError('validation_failed', message, details);
