import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBlogCli } from '../support/blog-cli.js';
import { mintToken, runtime } from '../support/index.js';

/** CloudFormation's query-protocol answer for the stack `blog login` reads the user pool client id from. */
function describeStacks(stack: string | null, res: import('node:http').ServerResponse) {
  res.writeHead(stack === 'blog-test-stateless' ? 200 : 400, { 'content-type': 'text/xml' });
  res.end(
    stack === 'blog-test-stateless'
      ? `<DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><DescribeStacksResult><Stacks><member><StackName>${stack}</StackName><StackId>arn:aws:cloudformation:eu-west-3:123456789012:stack/${stack}/abc</StackId><CreationTime>2024-01-01T00:00:00Z</CreationTime><StackStatus>CREATE_COMPLETE</StackStatus><Outputs><member><OutputKey>UserPoolClientId</OutputKey><OutputValue>test-client</OutputValue></member></Outputs></member></Stacks></DescribeStacksResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></DescribeStacksResponse>`
      : `<ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><Error><Type>Sender</Type><Code>ValidationError</Code><Message>Stack with id ${stack} does not exist</Message></Error><RequestId>2</RequestId></ErrorResponse>`,
  );
}

/**
 * `blog login` against a local stand-in for the Cognito IdP endpoint (InitiateAuth over its JSON protocol). The
 * stand-in signs ID tokens with the shared runtime's admin secret, so the API accepts them.
 */
const calls: { target: string; body: any }[] = [];
let stub: Server;
let stubUrl: string;
let expiresIn = 3600;

beforeAll(async () => {
  stub = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', async () => {
      if (raw.startsWith('Action=DescribeStacks'))
        return describeStacks(new URLSearchParams(raw).get('StackName'), res);
      const body = JSON.parse(raw);
      calls.push({ target: String(req.headers['x-amz-target']), body });
      const reply = (status: number, json: unknown) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(json));
      };
      if (body.ClientId !== 'test-client')
        return reply(400, { __type: 'ResourceNotFoundException', message: 'User pool client does not exist.' });
      const ok =
        body.AuthFlow === 'USER_PASSWORD_AUTH'
          ? body.AuthParameters.USERNAME === 'owner' && body.AuthParameters.PASSWORD === 'correct horse'
          : body.AuthFlow === 'REFRESH_TOKEN_AUTH' && body.AuthParameters.REFRESH_TOKEN === 'refresh-1';
      if (!ok) return reply(400, { __type: 'NotAuthorizedException', message: 'Incorrect username or password.' });
      const IdToken = await mintToken({ name: `Owner via ${body.AuthFlow}` });
      reply(200, {
        AuthenticationResult: {
          IdToken,
          AccessToken: 'access',
          ExpiresIn: expiresIn,
          TokenType: 'Bearer',
          ...(body.AuthFlow === 'USER_PASSWORD_AUTH' ? { RefreshToken: 'refresh-1' } : {}),
        },
      });
    });
  });
  await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
  stubUrl = `http://127.0.0.1:${(stub.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => stub.close(() => resolve())));

// A wrong local secret: any request that succeeds below used the cached login, not a local admin token.
const cli = (configDir: string, args: string[], input?: string) =>
  runBlogCli(
    args,
    {
      BLOG_CONFIG_DIR: configDir,
      BLOG_API: runtime().url,
      ADMIN_JWT_SECRET: 'x'.repeat(48),
      BLOG_CLOUDFORMATION_ENDPOINT: stubUrl,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_REGION: 'eu-west-3',
    },
    input,
  );

describe('blog login', () => {
  it('signs in with USER_PASSWORD_AUTH, caches the token with mode 0600 and uses it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'blog-config-'));
    expect((await cli(dir, ['posts', 'list'])).code).toBe(2);
    const login = await cli(
      dir,
      ['login', '--client-id', 'test-client', '--cognito-endpoint', stubUrl],
      'owner\ncorrect horse\n',
    );
    expect(login.code, login.stderr).toBe(0);
    expect(login.stdout).toContain(`logged in to ${runtime().url}`);
    expect(login.stderr).not.toContain('correct horse');
    expect(calls.at(-1)).toMatchObject({
      target: 'AWSCognitoIdentityProviderService.InitiateAuth',
      body: { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: 'test-client' },
    });
    const file = join(dir, 'credentials.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))[runtime().url]).toMatchObject({
      refreshToken: 'refresh-1',
      clientId: 'test-client',
    });

    const before = calls.length;
    const listed = await cli(dir, ['posts', 'list']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(calls).toHaveLength(before);
  });

  it("finds the user pool client id in the stack's outputs", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'blog-config-'));
    const login = await cli(
      dir,
      ['login', '--stack', 'blog-test-stateless', '--cognito-endpoint', stubUrl, '--username', 'owner'],
      'correct horse\n',
    );
    expect(login.code, login.stderr).toBe(0);
    expect(calls.at(-1)?.body).toMatchObject({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: 'test-client' });
  });

  it('refreshes a cached token that runs out with the refresh token', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'blog-config-'));
    expiresIn = 30;
    await cli(
      dir,
      ['login', '--client-id', 'test-client', '--cognito-endpoint', stubUrl, '--username', 'owner'],
      'correct horse\n',
    );
    expiresIn = 3600;
    const first = JSON.parse(readFileSync(join(dir, 'credentials.json'), 'utf8'))[runtime().url];
    const listed = await cli(dir, ['posts', 'list']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(calls.at(-1)?.body).toMatchObject({
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      AuthParameters: { REFRESH_TOKEN: 'refresh-1' },
    });
    const second = JSON.parse(readFileSync(join(dir, 'credentials.json'), 'utf8'))[runtime().url];
    expect(second.idToken).not.toBe(first.idToken);
    expect(second).toMatchObject({ refreshToken: 'refresh-1' });
    expect(second.expiresAt).toBeGreaterThan(first.expiresAt);
  });

  it('exits 2 on a refused sign-in and caches nothing; --token saves a given token', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'blog-config-'));
    const refused = await cli(
      dir,
      ['login', '--client-id', 'test-client', '--cognito-endpoint', stubUrl, '--username', 'owner'],
      'wrong\n',
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('NotAuthorizedException: Incorrect username or password.');
    expect(() => statSync(join(dir, 'credentials.json'))).toThrow();
    const noStack = await cli(dir, ['login', '--cognito-endpoint', stubUrl]);
    expect(noStack.code).toBe(2);
    expect(noStack.stderr).toMatch(
      /cannot read the outputs of stack blog-prod-stateless \(Stack with id blog-prod-stateless does not exist\); pass --client-id/,
    );

    const saved = await cli(dir, ['login', '--token', runtime().adminToken]);
    expect(saved.code, saved.stderr).toBe(0);
    expect((await cli(dir, ['posts', 'list'])).code).toBe(0);
  });
});
