import { describe, expect, it } from 'vitest';
import {
  cdkCommands,
  cdkEnv,
  localStackApiUrl,
  OUTPUTS_FILE,
  parseDeployArgs,
  parseStackOutputs,
  s3EndpointFor,
  smokeCommand,
} from '../../scripts/deploy-local.js';

describe('deploy:local arguments and environment', () => {
  it('defaults to stage "local", LocalStack on localhost:4566 and us-east-1', () => {
    expect(parseDeployArgs([], {})).toEqual({
      stage: 'local',
      endpoint: 'http://localhost:4566',
      region: 'us-east-1',
      skipBootstrap: false,
      fresh: false,
      cdkArgs: [],
    });
  });

  it('takes the endpoint and region from flags, else from AWS_ENDPOINT_URL / AWS_REGION, and cdk arguments after --', () => {
    expect(parseDeployArgs([], { AWS_ENDPOINT_URL: 'http://localstack:4566/', AWS_REGION: 'eu-west-1' })).toMatchObject(
      { endpoint: 'http://localstack:4566', region: 'eu-west-1' },
    );
    expect(
      parseDeployArgs(
        [
          '--endpoint',
          'http://127.0.0.1:4510',
          '--region',
          'eu-central-1',
          '--stage',
          'dev',
          '--skip-bootstrap',
          '--fresh',
          '--',
          '--verbose',
        ],
        {},
      ),
    ).toEqual({
      stage: 'dev',
      endpoint: 'http://127.0.0.1:4510',
      region: 'eu-central-1',
      skipBootstrap: true,
      fresh: true,
      cdkArgs: ['--verbose'],
    });
  });

  it('rejects a bad stage, endpoint or region, unknown flags and stray arguments', () => {
    expect(() => parseDeployArgs(['--stage', 'Prod!'], {})).toThrow(/stage/);
    expect(() => parseDeployArgs(['--endpoint', 'localhost:4566'], {})).toThrow(/endpoint/);
    expect(() => parseDeployArgs(['--region', 'mars'], {})).toThrow(/region/);
    expect(() => parseDeployArgs(['--force'], {})).toThrow();
    expect(() => parseDeployArgs(['deploy'], {})).toThrow(/after "--"/);
  });

  it('bootstraps the region explicitly, destroys the stateless stack on --fresh, then deploys every stack without prompts', () => {
    const context = ['-c', 'target=localstack', '-c', 'stage=dev'];

    expect(cdkCommands(parseDeployArgs(['--stage', 'dev', '--region', 'eu-west-3', '--fresh'], {}))).toEqual([
      ['bootstrap', 'aws://000000000000/eu-west-3', ...context],
      ['destroy', 'blog-dev-stateless', '--force', ...context],
      ['deploy', '--all', ...context, '--require-approval', 'never', '--outputs-file', OUTPUTS_FILE],
    ]);
    expect(cdkCommands(parseDeployArgs(['--skip-bootstrap', '--', '--app', 'x'], {}))).toEqual([
      [
        'deploy',
        '--all',
        '-c',
        'target=localstack',
        '-c',
        'stage=local',
        '--require-approval',
        'never',
        '--outputs-file',
        OUTPUTS_FILE,
        '--app',
        'x',
      ],
    ]);
  });

  it("sets the endpoints, the region and dummy credentials, and drops the shell's own AWS settings", () => {
    const env = cdkEnv(parseDeployArgs(['--region', 'ap-south-1'], {}), 'http://127.0.0.1:4566', {
      PATH: '/bin',
      AWS_ACCESS_KEY_ID: 'AKIAREAL',
      AWS_SESSION_TOKEN: 'real',
      AWS_PROFILE: 'prod',
      CDK_DEFAULT_ACCOUNT: '123456789012',
    });

    expect(env).toMatchObject({
      PATH: '/bin',
      AWS_ENDPOINT_URL: 'http://localhost:4566',
      AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:4566',
      AWS_REGION: 'ap-south-1',
      AWS_DEFAULT_REGION: 'ap-south-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
    });
    expect(env.AWS_SESSION_TOKEN).toBeUndefined();
    expect(env.AWS_PROFILE).toBeUndefined();
    expect(env.CDK_DEFAULT_ACCOUNT).toBeUndefined();
  });

  it('gives S3 an IP endpoint, so the SDK addresses buckets path-style without wildcard DNS', async () => {
    const resolve = async (host: string) => (host === 'localstack' ? '172.18.0.2' : '::1');

    await expect(s3EndpointFor('http://localhost:4566', resolve)).resolves.toBe('http://127.0.0.1:4566');
    await expect(s3EndpointFor('http://localstack:4566', resolve)).resolves.toBe('http://172.18.0.2:4566');
    await expect(s3EndpointFor('http://ipv6host:4566', resolve)).resolves.toBe('http://[::1]:4566');
    await expect(s3EndpointFor('https://10.0.0.5', resolve)).resolves.toBe('https://10.0.0.5');
  });

  it('reads the stateless stack outputs from the outputs file', () => {
    const json = JSON.stringify({
      'blog-local-stateful': {},
      'blog-local-stateless': {
        RestApiId: 'abc123',
        StageName: 'local',
        AdminJwtSecretArn: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:AdminJwt-xyz',
      },
    });

    expect(parseStackOutputs(json, 'local')).toEqual({
      restApiId: 'abc123',
      stageName: 'local',
      adminJwtSecretArn: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:AdminJwt-xyz',
    });
    expect(() => parseStackOutputs(json, 'dev')).toThrow(
      /blog-dev-stateless.*found: blog-local-stateful, blog-local-stateless/,
    );
    expect(() => parseStackOutputs(JSON.stringify({ 'blog-local-stateless': { ApiUrl: 'x' } }), 'local')).toThrow(
      /RestApiId/,
    );
  });

  it("prints LocalStack's current invoke URL (not the deprecated _user_request_ form) and a runnable smoke command", () => {
    const url = localStackApiUrl('http://localhost:4566/', 'abc123', 'local');

    expect(url).toBe('http://abc123.execute-api.localhost.localstack.cloud:4566/local');
    expect(localStackApiUrl('http://localstack:4566', 'abc123', 'dev')).toBe(
      'http://localstack:4566/_aws/execute-api/abc123/dev',
    );
    expect(smokeCommand(url, 'a.b.c')).toBe(
      'npm run smoke -- --api http://abc123.execute-api.localhost.localstack.cloud:4566/local --token a.b.c',
    );
    expect(smokeCommand(url)).toBe(
      'npm run smoke -- --api http://abc123.execute-api.localhost.localstack.cloud:4566/local',
    );
  });
});
