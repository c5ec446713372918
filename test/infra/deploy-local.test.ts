import { describe, expect, it } from 'vitest';
import {
  cdklocalCommands,
  cdklocalEnv,
  localStackApiUrl,
  OUTPUTS_FILE,
  parseDeployArgs,
  parseStackOutputs,
  smokeCommand,
} from '../../scripts/deploy-local.js';

describe('deploy:local', () => {
  it('defaults to stage "local", LocalStack on localhost:4566 and us-east-1', () => {
    expect(parseDeployArgs([], {})).toEqual({ stage: 'local', endpoint: 'http://localhost:4566', region: 'us-east-1', skipBootstrap: false });
  });

  it('takes the endpoint and region from flags, else from AWS_ENDPOINT_URL / AWS_REGION', () => {
    expect(parseDeployArgs([], { AWS_ENDPOINT_URL: 'http://localstack:4566/', AWS_REGION: 'eu-west-1' })).toMatchObject({
      endpoint: 'http://localstack:4566',
      region: 'eu-west-1',
    });
    expect(parseDeployArgs(['--endpoint', 'http://127.0.0.1:4510', '--region', 'eu-central-1', '--stage', 'dev', '--skip-bootstrap'], {})).toEqual({
      stage: 'dev', endpoint: 'http://127.0.0.1:4510', region: 'eu-central-1', skipBootstrap: true,
    });
  });

  it('rejects a bad stage, a bad endpoint and unknown flags', () => {
    expect(() => parseDeployArgs(['--stage', 'Prod!'], {})).toThrow(/stage/);
    expect(() => parseDeployArgs(['--endpoint', 'localhost:4566'], {})).toThrow(/endpoint/);
    expect(() => parseDeployArgs(['--force'], {})).toThrow();
  });

  it('bootstraps LocalStack\'s account explicitly, then deploys every stack for target=localstack without prompts', () => {
    const commands = cdklocalCommands(parseDeployArgs(['--stage', 'dev'], {}));

    expect(commands).toEqual([
      ['bootstrap', 'aws://000000000000/us-east-1', '-c', 'target=localstack', '-c', 'stage=dev'],
      ['deploy', '--all', '-c', 'target=localstack', '-c', 'stage=dev', '--require-approval', 'never', '--outputs-file', OUTPUTS_FILE],
    ]);
    expect(cdklocalCommands(parseDeployArgs(['--skip-bootstrap'], {}))).toHaveLength(1);
  });

  it('points cdklocal at the endpoint with dummy credentials unless real ones are set', () => {
    const options = parseDeployArgs([], {});

    expect(cdklocalEnv(options, { PATH: '/bin' })).toMatchObject({
      PATH: '/bin', AWS_ENDPOINT_URL: 'http://localhost:4566', AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test',
    });
    expect(cdklocalEnv(options, { AWS_ACCESS_KEY_ID: 'abc', AWS_SECRET_ACCESS_KEY: 'def' })).toMatchObject({ AWS_ACCESS_KEY_ID: 'abc' });
  });

  it('reads the stateless stack outputs from the outputs file', () => {
    const json = JSON.stringify({
      'blog-local-stateful': {},
      'blog-local-stateless': {
        ApiUrl: 'http://localhost:4566/restapis/abc123/local/_user_request_',
        RestApiId: 'abc123',
        StageName: 'local',
        AdminJwtSecretArn: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:AdminJwt-xyz',
      },
    });

    expect(parseStackOutputs(json, 'local')).toEqual({
      restApiId: 'abc123', stageName: 'local', adminJwtSecretArn: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:AdminJwt-xyz',
    });
    expect(() => parseStackOutputs(json, 'dev')).toThrow(/blog-dev-stateless.*found: blog-local-stateful, blog-local-stateless/);
    expect(() => parseStackOutputs(JSON.stringify({ 'blog-local-stateless': { ApiUrl: 'x' } }), 'local')).toThrow(/RestApiId/);
  });

  it('prints the API URL in LocalStack\'s format and a runnable smoke command', () => {
    const url = localStackApiUrl('http://localhost:4566/', 'abc123', 'local');

    expect(url).toBe('http://localhost:4566/restapis/abc123/local/_user_request_');
    expect(smokeCommand(url, 'a.b.c')).toBe('npm run smoke -- --api http://localhost:4566/restapis/abc123/local/_user_request_ --token a.b.c');
    expect(smokeCommand(url)).toBe('npm run smoke -- --api http://localhost:4566/restapis/abc123/local/_user_request_');
  });
});
