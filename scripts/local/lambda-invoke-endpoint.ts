import type { IncomingMessage } from 'node:http';
import { errorResponse, type EmulatorResponse } from './emulator-messages.js';

/**
 * The Lambda Invoke API (InvocationType Event) the emulator answers for bundled handlers whose feed trigger makes a
 * real signed Invoke request: the payload is handed on and the answer is 202, as Lambda gives. It answers on this
 * path: LAMBDA_ENDPOINT = http://127.0.0.1:PORT + LOCAL_LAMBDA_PATH.
 */
export const LOCAL_LAMBDA_PATH = '/__local/lambda';
const INVOKE_PATH = new RegExp(`^${LOCAL_LAMBDA_PATH}/2015-03-31/functions/([^/]+)/invocations$`);

/** The function name of an Invoke request, or undefined for any other request. */
export function invokedFunctionName(method: string | undefined, url: string | undefined): string | undefined {
  const invocation = method === 'POST' ? INVOKE_PATH.exec(url ?? '') : null;
  return invocation ? decodeURIComponent(invocation[1]) : undefined;
}

export function acceptInvocation(
  lambdaInvoke: (functionName: string, payload: unknown) => void,
  functionName: string,
  body: string,
  headers: IncomingMessage['headers'],
): EmulatorResponse {
  if (headers['x-amz-invocation-type'] !== 'Event')
    return errorResponse(400, 'bad_request', 'Only InvocationType Event is emulated');
  if (!String(headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256 '))
    return errorResponse(403, 'forbidden', 'Unsigned Lambda Invoke');
  let payload: unknown;
  try {
    payload = body ? JSON.parse(body) : {};
  } catch {
    return errorResponse(400, 'bad_request', 'The payload is not JSON');
  }
  lambdaInvoke(functionName, payload);
  return { statusCode: 202, headers: {}, body: '' };
}
