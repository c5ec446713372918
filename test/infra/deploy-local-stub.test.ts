import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/runtime-process.js';
import { startAwsStub, STUB_ACCOUNT, type AwsStub, type RecordedCall } from './aws-stub.js';

/**
 * `npm run deploy:local` against a stub endpoint instead of LocalStack: the real script runs the real CDK CLI, whose
 * every request is recorded. It proves the environment the script builds takes the CLI to the endpoint, in the chosen
 * region, through bootstrap, --fresh and the first steps of a deploy (STS, the bootstrap stack lookup, asset uploads).
 * A one-stack app with one file asset stands in for the blog (no function bundling); the stub refuses the change set.
 */
const REGION = 'eu-central-2';
let stub: AwsStub;
let output = '';
let exitCode: number | null;
let outDir: string;
/** A host name, as users give it: S3 must still be addressed path-style, on an IP (no `<bucket>.localhost` DNS). */
let endpoint: string;

beforeAll(async () => {
  stub = await startAwsStub();
  outDir = mkdtempSync(join(tmpdir(), 'deploy-local-stub-'));
  endpoint = stub.url.replace('127.0.0.1', 'localhost');
  const app = `${process.execPath} --import tsx test/infra/fixtures/asset-app.ts`;
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'scripts/deploy-local.ts',
      '--endpoint',
      endpoint,
      '--region',
      REGION,
      '--stage',
      'stub',
      '--fresh',
      '--',
      '--app',
      app,
      '--output',
      outDir,
    ],
    // A developer's real AWS settings must not leak into the run; the script replaces them anyway.
    {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, AWS_REGION: 'us-west-2', AWS_PROFILE: 'someone-else', AWS_ACCESS_KEY_ID: 'AKIAREALKEY' },
    },
  );
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  exitCode = await new Promise((resolve) => child.on('exit', resolve));
}, 170_000);

afterAll(async () => {
  await stub?.close();
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

const signed = () => stub.calls.filter((c) => c.service);
const indexOf = (predicate: (c: RecordedCall) => boolean) => stub.calls.findIndex(predicate);

describe('deploy:local against a stub endpoint', () => {
  it('checks that LocalStack answers, then sends every AWS call to the endpoint', () => {
    expect(stub.calls[0].path).toBe('/_localstack/health');
    expect(signed().length).toBeGreaterThan(10);
    for (const call of stub.calls)
      expect(call.host).toBe(call.service === 's3' ? new URL(stub.url).host : new URL(endpoint).host);
  });

  it("signs every request for the chosen region with the dummy credentials, never the shell's", () => {
    expect([...new Set(signed().map((c) => c.region))]).toEqual([REGION]);
    expect(output).not.toContain('AKIAREALKEY');
  });

  it('bootstraps the chosen region: caller identity, then the CDKToolkit stack lookup', () => {
    const identity = indexOf((c) => c.service === 'sts' && c.action === 'GetCallerIdentity');
    const toolkit = indexOf(
      (c) => c.service === 'cloudformation' && c.action === 'DescribeStacks' && c.params.StackName === 'CDKToolkit',
    );

    expect(identity).toBeGreaterThan(0);
    expect(toolkit).toBeGreaterThan(identity);
    expect(output).toContain(`aws://${STUB_ACCOUNT}/${REGION}`);
  });

  it('uploads the assets path-style to the bootstrap bucket of the chosen region', () => {
    const bucket = `cdk-hnb659fds-assets-${STUB_ACCOUNT}-${REGION}`;
    const uploads = stub.calls.filter((c) => c.service === 's3' && c.method === 'PUT');

    expect(uploads.map((c) => c.path.split('/')[1])).toEqual([bucket, bucket]);
    expect(uploads.map((c) => c.path.split('.').pop()).sort()).toEqual(['json', 'zip']);
    expect(uploads.every((c) => c.bodyBytes > 0)).toBe(true);
  });

  it('with --fresh, looks up the stateless stack to destroy it before deploying', () => {
    const destroyLookup = indexOf((c) => c.action === 'DescribeStacks' && c.params.StackName === 'blog-stub-stateless');
    const firstUpload = indexOf((c) => c.service === 's3' && c.method === 'PUT');

    expect(output).toMatch(/> cdk destroy blog-stub-stateless --force/);
    expect(destroyLookup).toBeGreaterThan(0);
    expect(destroyLookup).toBeLessThan(firstUpload);
  });

  it('gets as far as the change set, and reports the failed deploy with a non-zero exit', () => {
    const changeSet = stub.calls.find((c) => c.action === 'CreateChangeSet');

    expect(changeSet?.params.StackName).toBe('blog-stub-stateless');
    expect(exitCode).toBe(1);
    expect(output).toContain('cdk deploy failed');
  });
});
