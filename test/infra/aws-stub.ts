import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for LocalStack's edge port that records what the CDK CLI sends and answers just enough for it to get
 * through its first steps: STS (caller identity, role assumption), the CDKToolkit bootstrap stack lookup, the
 * bootstrap version parameter and an asset upload. It refuses to create change sets, so a deploy stops there.
 */
export interface RecordedCall {
  method: string;
  path: string;
  host: string;
  /** From the SigV4 credential scope: what the CLI signed the request for. */
  service?: string;
  region?: string;
  /** Query API action (STS, CloudFormation) or JSON target (SSM). */
  action?: string;
  params: Record<string, string>;
  bodyBytes: number;
}

export interface AwsStub {
  url: string;
  calls: RecordedCall[];
  close(): Promise<void>;
}

export const STUB_ACCOUNT = '000000000000';
export const STUB_BOOTSTRAP_VERSION = '999';

const xml = (action: string, result: string) =>
  `<${action}Response xmlns="https://example.invalid/"><${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>stub</RequestId></ResponseMetadata></${action}Response>`;
const queryError = (code: string, message: string) =>
  `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>stub</RequestId></ErrorResponse>`;

function answerQuery(call: RecordedCall, region: string): { status: number; body: string } {
  const { action, params } = call;
  if (action === 'GetCallerIdentity') {
    return {
      status: 200,
      body: xml(
        action,
        `<Arn>arn:aws:iam::${STUB_ACCOUNT}:root</Arn><UserId>stub</UserId><Account>${STUB_ACCOUNT}</Account>`,
      ),
    };
  }
  if (action === 'AssumeRole') {
    const expires = new Date(Date.now() + 3600_000).toISOString();
    return {
      status: 200,
      body: xml(
        action,
        `<Credentials><AccessKeyId>ASIASTUB</AccessKeyId><SecretAccessKey>stub</SecretAccessKey><SessionToken>stub</SessionToken><Expiration>${expires}</Expiration></Credentials><AssumedRoleUser><Arn>${params.RoleArn}/stub</Arn><AssumedRoleId>stub:stub</AssumedRoleId></AssumedRoleUser>`,
      ),
    };
  }
  if (action === 'DescribeStacks' && params.StackName === 'CDKToolkit') {
    const bucket = `cdk-hnb659fds-assets-${STUB_ACCOUNT}-${region}`;
    const output = (key: string, value: string) =>
      `<member><OutputKey>${key}</OutputKey><OutputValue>${value}</OutputValue></member>`;
    return {
      status: 200,
      body: xml(
        action,
        `<Stacks><member><StackName>CDKToolkit</StackName><StackId>arn:aws:cloudformation:${region}:${STUB_ACCOUNT}:stack/CDKToolkit/stub</StackId><StackStatus>CREATE_COMPLETE</StackStatus><CreationTime>2026-01-01T00:00:00Z</CreationTime><Outputs>${output('BucketName', bucket)}${output('BucketDomainName', `${bucket}.s3.amazonaws.com`)}${output('BootstrapVersion', STUB_BOOTSTRAP_VERSION)}</Outputs><Parameters></Parameters><Tags></Tags></member></Stacks>`,
      ),
    };
  }
  if (action === 'DescribeStacks')
    return { status: 400, body: queryError('ValidationError', `Stack with id ${params.StackName} does not exist`) };
  return { status: 400, body: queryError('StubRefused', `the stub stops at ${action}`) };
}

function answerS3(call: RecordedCall): { status: number; body: string; headers?: Record<string, string> } {
  if (call.method === 'PUT') return { status: 200, body: '', headers: { ETag: '"stub"' } };
  if (call.method === 'HEAD') return { status: 404, body: '' };
  if ('location' in call.params)
    return {
      status: 200,
      body: '<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/"></LocationConstraint>',
    };
  if ('list-type' in call.params)
    return {
      status: 200,
      body: '<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><KeyCount>0</KeyCount><IsTruncated>false</IsTruncated></ListBucketResult>',
    };
  if ('encryption' in call.params)
    return { status: 404, body: '<Error><Code>ServerSideEncryptionConfigurationNotFoundError</Code></Error>' };
  return { status: 200, body: '' };
}

export async function startAwsStub(): Promise<AwsStub> {
  const calls: RecordedCall[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', 'http://stub');
      if (url.pathname === '/_localstack/health') {
        calls.push({
          method: req.method ?? 'GET',
          path: url.pathname,
          host: String(req.headers.host ?? ''),
          params: {},
          bodyBytes: 0,
        });
        return res.writeHead(200, { 'content-type': 'application/json' }).end('{"services":{}}');
      }
      const scope = /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(
        String(req.headers.authorization ?? ''),
      );
      const target = req.headers['x-amz-target'] as string | undefined;
      const form = String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')
        ? new URLSearchParams(raw.toString('utf8'))
        : undefined;
      const params: Record<string, string> = Object.fromEntries([...url.searchParams, ...(form ?? [])]);
      const call: RecordedCall = {
        method: req.method ?? 'GET',
        path: url.pathname,
        host: String(req.headers.host ?? ''),
        region: scope?.[1],
        service: scope?.[2],
        action: form?.get('Action') ?? target?.split('.').pop(),
        params,
        bodyBytes: raw.length,
      };
      calls.push(call);
      const region = call.region ?? 'us-east-1';
      if (call.service === 's3') {
        const answer = answerS3(call);
        return res.writeHead(answer.status, { 'content-type': 'application/xml', ...answer.headers }).end(answer.body);
      }
      if (call.service === 'ssm' && call.action === 'GetParameter') {
        const name = (JSON.parse(raw.toString('utf8')) as { Name: string }).Name;
        return res
          .writeHead(200, { 'content-type': 'application/x-amz-json-1.1' })
          .end(
            JSON.stringify({ Parameter: { Name: name, Type: 'String', Value: STUB_BOOTSTRAP_VERSION, Version: 1 } }),
          );
      }
      if (target)
        return res
          .writeHead(400, { 'content-type': 'application/x-amz-json-1.1' })
          .end(JSON.stringify({ __type: 'StubRefused', message: `the stub stops at ${target}` }));
      const answer = answerQuery(call, region);
      res.writeHead(answer.status, { 'content-type': 'text/xml' }).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
