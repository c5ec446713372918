import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { Sha256 } from '@smithy/core/checksum';
import { HttpRequest } from '@smithy/core/transport';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { SignatureV4 } from '@smithy/signature-v4';

/**
 * Secrets Manager GetSecretValue as one signed JSON request, made with the SDK's own signer, credential chain and HTTP
 * handler (every bundle already holds them for DynamoDB); `@aws-sdk/client-secrets-manager` would add ~30 KB to each
 * function that reads a secret. Secrets are read by ARN at cold start and cached by the callers, never put into a
 * function's environment, so `put-secret-value` reaches every new container without a redeploy.
 */
export type SecretFetcher = (secretId: string, versionStage?: string) => Promise<string | undefined>;

export class SecretReadError extends Error {
  constructor(
    message: string,
    readonly statusCode?: number,
  ) {
    super(message);
    this.name = 'SecretReadError';
  }
}

let httpHandler: NodeHttpHandler | undefined;
const signers = new Map<string, SignatureV4>();

export function secretsManagerEndpoint(region: string, env: NodeJS.ProcessEnv = process.env): URL {
  const configured = env.AWS_ENDPOINT_URL_SECRETS_MANAGER ?? env.AWS_ENDPOINT_URL;
  if (configured) return new URL(configured);
  return new URL(`https://secretsmanager.${region}.${region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com'}`);
}

/** The region a secret lives in: the one its ARN names, else the function's. */
const regionOf = (secretId: string, env: NodeJS.ProcessEnv) =>
  /^arn:[^:]+:secretsmanager:([^:]+):/.exec(secretId)?.[1] ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';

/**
 * The secret's string value; `undefined` when the requested version stage does not exist (AWSPREVIOUS before the
 * first rotation). Any other failure throws, so a cold start with an unreadable secret fails loudly.
 */
export const fetchSecretValue: SecretFetcher = async (secretId, versionStage) => {
  const env = process.env;
  const region = regionOf(secretId, env);
  const endpoint = secretsManagerEndpoint(region, env);
  const body = JSON.stringify(
    versionStage ? { SecretId: secretId, VersionStage: versionStage } : { SecretId: secretId },
  );
  const request = new HttpRequest({
    method: 'POST',
    protocol: endpoint.protocol,
    hostname: endpoint.hostname,
    port: endpoint.port ? Number(endpoint.port) : undefined,
    path: endpoint.pathname.replace(/\/$/, '') || '/',
    headers: {
      host: endpoint.host,
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'secretsmanager.GetSecretValue',
      'content-length': String(Buffer.byteLength(body)),
    },
    body,
  });
  let signer = signers.get(region);
  if (!signer) {
    signer = new SignatureV4({ service: 'secretsmanager', region, credentials: defaultProvider(), sha256: Sha256 });
    signers.set(region, signer);
  }
  httpHandler ??= new NodeHttpHandler({ connectionTimeout: 2_000, requestTimeout: 5_000 });
  const { response } = await httpHandler.handle((await signer.sign(request)) as HttpRequest);
  const text = await readText(response.body);
  if (response.statusCode === 200) {
    const value = (JSON.parse(text) as { SecretString?: string }).SecretString;
    if (value === undefined) throw new SecretReadError(`secret ${secretId} has no string value`);
    return value;
  }
  const errorType = /"__type"\s*:\s*"(?:[^#"]*#)?([^"]+)"/.exec(text)?.[1];
  if (versionStage && errorType === 'ResourceNotFoundException') return undefined;
  throw new SecretReadError(
    `GetSecretValue ${secretId} failed with HTTP ${response.statusCode}${errorType ? ` ${errorType}` : ''}`,
    response.statusCode,
  );
};

async function readText(body: unknown): Promise<string> {
  if (!body || typeof (body as AsyncIterable<Buffer>)[Symbol.asyncIterator] !== 'function') return '';
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Buffer>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}
