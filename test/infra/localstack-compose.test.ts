import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT } from '../support/runtime-process.js';
import { resourcesOf, synth } from './support.js';

const compose = parse(readFileSync(join(REPO_ROOT, 'docker-compose.localstack.yml'), 'utf8')) as {
  services: { localstack: { image: string; environment: string[] } };
};
const { image, environment } = compose.services.localstack;
const variable = (name: string) => environment.find((e) => e.startsWith(`${name}=`))?.slice(name.length + 1);

/** CloudFormation type prefix → LocalStack service name. */
const SERVICE_OF: Record<string, string> = {
  Lambda: 'lambda',
  ApiGateway: 'apigateway',
  DynamoDB: 'dynamodb',
  S3: 's3',
  Events: 'events',
  IAM: 'iam',
  Logs: 'logs',
  SSM: 'ssm',
  SecretsManager: 'secretsmanager',
  SQS: 'sqs',
  CDK: 'cloudformation',
  CloudFormation: 'cloudformation',
};

describe('docker-compose.localstack.yml', () => {
  it('pins the LocalStack image to a release instead of latest', () => {
    expect(image).toMatch(/^localstack\/localstack:\d+\.\d+(\.\d+)?$/);
  });

  it('runs functions natively whatever architecture they name', () => {
    expect(variable('LAMBDA_IGNORE_ARCHITECTURE')).toBe('1');
  });

  it('enables every service the LocalStack templates use, and takes the auth token from the shell only', () => {
    const s = synth({ target: 'localstack' });
    const types = [s.statefulTemplate, s.statelessTemplate].flatMap((t) =>
      Object.values(resourcesOf(t)).map((r) => r.Type),
    );
    const services = new Set(variable('SERVICES')!.split(','));

    for (const type of new Set(types)) {
      const service = SERVICE_OF[type.split('::')[1]];
      expect(service, `${type} has no LocalStack service mapping`).toBeDefined();
      expect(services, type).toContain(service);
    }
    // No template resource is an SES one (the identity is verified by hand), but the mail worker calls SES v2 and
    // the write paths call SQS at run time.
    expect(services).toContain('ses');
    expect(services).toContain('sqs');
    expect(variable('LOCALSTACK_AUTH_TOKEN')).toMatch(/^\$\{LOCALSTACK_AUTH_TOKEN:\?/);
  });
});
