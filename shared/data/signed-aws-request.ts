import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { Sha256 } from '@smithy/core/checksum';
import { HttpRequest } from '@smithy/core/transport';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { SignatureV4 } from '@smithy/signature-v4';

/**
 * One signed AWS API request with the SDK's own signer, credential chain and HTTP handler (already in every bundle
 * for DynamoDB). Used where a whole service client would add tens of KB for a single call (Lambda Invoke, SQS
 * SendMessageBatch).
 */
export interface SignedResponse {
  statusCode: number;
  headers: Record<string, string | undefined>;
  text: string;
}

let httpHandler: NodeHttpHandler | undefined;
const signers = new Map<string, SignatureV4>();

function signer(service: string, region: string): SignatureV4 {
  const key = `${service}:${region}`;
  let existing = signers.get(key);
  if (!existing) {
    existing = new SignatureV4({ service, region, credentials: defaultProvider(), sha256: Sha256 });
    signers.set(key, existing);
  }
  return existing;
}

/** AWS_ENDPOINT_URL_<SERVICE> / AWS_ENDPOINT_URL as the SDK reads them, else the public regional endpoint. */
export function serviceEndpoint(
  service: string,
  region: string,
  explicit?: string,
  env: NodeJS.ProcessEnv = process.env,
): URL {
  const configured = explicit ?? env[`AWS_ENDPOINT_URL_${service.toUpperCase()}`] ?? env.AWS_ENDPOINT_URL;
  if (configured) return new URL(configured);
  const dnsSuffix = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return new URL(`https://${service}.${region}.${dnsSuffix}`);
}

export function signedRequest(endpoint: URL, path: string, headers: Record<string, string>, body: string): HttpRequest {
  return new HttpRequest({
    method: 'POST',
    protocol: endpoint.protocol,
    hostname: endpoint.hostname,
    port: endpoint.port ? Number(endpoint.port) : undefined,
    path: `${endpoint.pathname.replace(/\/$/, '')}${path}`,
    headers: { host: endpoint.host, 'content-length': String(Buffer.byteLength(body)), ...headers },
    body,
  });
}

/** Signs and sends; network errors throw, HTTP errors come back as a response. */
export async function sendSigned(
  service: string,
  region: string,
  request: HttpRequest,
  requestTimeoutMs = 5_000,
): Promise<SignedResponse> {
  httpHandler ??= new NodeHttpHandler({ requestTimeout: requestTimeoutMs });
  const signed = await signer(service, region).sign(request);
  const { response } = await httpHandler.handle(signed as HttpRequest);
  return { statusCode: response.statusCode, headers: response.headers, text: await readBody(response.body) };
}

export function headerValue(headers: Record<string, string | undefined>, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key ? headers[key] : undefined;
}

async function readBody(body: unknown): Promise<string> {
  if (!body || typeof (body as AsyncIterable<Buffer>)[Symbol.asyncIterator] !== 'function') return '';
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Buffer>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}
