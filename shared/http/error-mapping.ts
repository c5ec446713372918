import { DomainError, type ErrorCode } from '../domain/errors.js';

/** The one table from domain error codes to HTTP statuses. */
export const STATUS_BY_CODE: Record<ErrorCode, number> = {
  bad_request: 400,
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  comments_closed: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  slug_taken: 409,
  duplicate_comment: 409,
  precondition_failed: 412,
  payload_too_large: 413,
  unsupported_media_type: 415,
  idempotency_key_reused: 422,
  rate_limited: 429,
  service_unavailable: 503,
  internal_error: 500,
};

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown[] };
}

export interface MappedError {
  statusCode: number;
  body: ErrorBody;
  retryAfterSeconds?: number;
}

const DEPENDENCY_DOWN = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'ServiceUnavailable',
  'InternalServerError',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'TimeoutError',
]);

/** Maps anything thrown by a use case to the contract's error body. Unknown errors never leak their message. */
export function mapError(error: unknown): MappedError {
  if (error instanceof DomainError) {
    const body: ErrorBody = { error: { code: error.code, message: error.message } };
    if (error.details?.length) body.error.details = error.details;
    return { statusCode: STATUS_BY_CODE[error.code], body, retryAfterSeconds: error.retryAfterSeconds };
  }
  const name = (error as { name?: string; code?: string } | undefined)?.name;
  const code = (error as { code?: string } | undefined)?.code;
  if ((name && DEPENDENCY_DOWN.has(name)) || (code && DEPENDENCY_DOWN.has(code))) {
    return {
      statusCode: 503,
      body: { error: { code: 'service_unavailable', message: 'A dependency is unavailable, try again shortly' } },
      retryAfterSeconds: 5,
    };
  }
  return { statusCode: 500, body: { error: { code: 'internal_error', message: 'Internal server error' } } };
}
