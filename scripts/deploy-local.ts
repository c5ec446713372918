import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mintLocalAdminToken } from '../shared/auth/local-admin-token.js';

/**
 * npm run deploy:local [-- --stage local] [--endpoint http://localhost:4566] [--skip-bootstrap]
 *
 * Deploys both stacks to a running LocalStack with cdklocal (bootstrap, then `deploy --all -c target=localstack`),
 * then prints the API URL in LocalStack's `_user_request_` format, an admin token signed with the secret the stack
 * generated, and the smoke command. Start LocalStack first: `docker compose -f docker-compose.localstack.yml up -d`.
 */
export const DEFAULT_ENDPOINT = 'http://localhost:4566';
export const LOCALSTACK_ACCOUNT = '000000000000';
export const OUTPUTS_FILE = 'cdk.out/localstack-outputs.json';

export interface DeployOptions {
  stage: string;
  endpoint: string;
  region: string;
  skipBootstrap: boolean;
}

export function parseDeployArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): DeployOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      stage: { type: 'string' },
      endpoint: { type: 'string' },
      region: { type: 'string' },
      'skip-bootstrap': { type: 'boolean' },
    },
  });
  const stage = values.stage ?? 'local';
  if (!/^[a-z][a-z0-9-]{0,19}$/.test(stage)) throw new Error(`--stage: "${stage}" must be lowercase letters, digits and dashes`);
  const endpoint = (values.endpoint ?? env.AWS_ENDPOINT_URL ?? DEFAULT_ENDPOINT).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+$/.test(endpoint)) throw new Error(`--endpoint: "${endpoint}" must be like ${DEFAULT_ENDPOINT}`);
  const region = values.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
  return { stage, endpoint, region, skipBootstrap: values['skip-bootstrap'] ?? false };
}

/**
 * Environment for cdklocal. LocalStack accepts any credentials; cdklocal (with aws-cdk ≥ 2.177) ignores profiles, so
 * dummy keys are set when none are present. AWS_ENDPOINT_URL is how cdklocal finds LocalStack.
 */
export function cdklocalEnv(options: DeployOptions, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return {
    ...env,
    AWS_ENDPOINT_URL: options.endpoint,
    AWS_REGION: options.region,
    AWS_DEFAULT_REGION: options.region,
    AWS_ACCESS_KEY_ID: env.AWS_ACCESS_KEY_ID ?? 'test',
    AWS_SECRET_ACCESS_KEY: env.AWS_SECRET_ACCESS_KEY ?? 'test',
  };
}

/** The cdklocal invocations, in order. Bootstrap names the environment so it does not synth (and bundle) twice. */
export function cdklocalCommands(options: DeployOptions): string[][] {
  const context = ['-c', 'target=localstack', '-c', `stage=${options.stage}`];
  const deploy = ['deploy', '--all', ...context, '--require-approval', 'never', '--outputs-file', OUTPUTS_FILE];
  return options.skipBootstrap ? [deploy] : [['bootstrap', `aws://${LOCALSTACK_ACCOUNT}/${options.region}`, ...context], deploy];
}

export interface StackOutputs {
  restApiId: string;
  stageName: string;
  adminJwtSecretArn?: string;
}

/** Reads the stateless stack's outputs from cdk's --outputs-file JSON. */
export function parseStackOutputs(json: string, stage: string): StackOutputs {
  const all = JSON.parse(json) as Record<string, Record<string, string>>;
  const name = `blog-${stage}-stateless`;
  const outputs = all[name];
  if (!outputs) throw new Error(`${OUTPUTS_FILE} has no outputs for stack ${name} (found: ${Object.keys(all).join(', ') || 'none'})`);
  if (!outputs.RestApiId || !outputs.StageName) throw new Error(`stack ${name} is missing the RestApiId/StageName outputs`);
  return { restApiId: outputs.RestApiId, stageName: outputs.StageName, adminJwtSecretArn: outputs.AdminJwtSecretArn };
}

/** LocalStack's path-style invoke URL: <endpoint>/restapis/<id>/<stage>/_user_request_ */
export function localStackApiUrl(endpoint: string, restApiId: string, stageName: string): string {
  return `${endpoint.replace(/\/+$/, '')}/restapis/${restApiId}/${stageName}/_user_request_`;
}

export function smokeCommand(apiUrl: string, token?: string): string {
  return `npm run smoke -- --api ${apiUrl}${token ? ` --token ${token}` : ''}`;
}

async function localStackIsUp(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(`${endpoint}/_localstack/health`, { signal: AbortSignal.timeout(5000) });
    return response.ok;
  } catch {
    return false;
  }
}

async function adminToken(options: DeployOptions, secretArn: string): Promise<string> {
  const client = new SecretsManagerClient({
    endpoint: options.endpoint,
    region: options.region,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
  if (!SecretString) throw new Error(`secret ${secretArn} has no value`);
  return mintLocalAdminToken({ secret: SecretString, name: process.env.BLOG_AUTHOR_NAME ?? 'Blog Author', expiresIn: '12h' });
}

async function main(): Promise<number> {
  const options = parseDeployArgs(process.argv.slice(2));
  const root = fileURLToPath(new URL('..', import.meta.url));
  if (!(await localStackIsUp(options.endpoint))) {
    console.error(`LocalStack is not answering at ${options.endpoint}/_localstack/health.`);
    console.error('Start it with: LOCALSTACK_AUTH_TOKEN=... docker compose -f docker-compose.localstack.yml up -d');
    return 1;
  }
  const cdklocal = `${root}node_modules/.bin/cdklocal`;
  for (const args of cdklocalCommands(options)) {
    console.error(`> cdklocal ${args.join(' ')}`);
    const result = spawnSync(cdklocal, args, { cwd: root, stdio: 'inherit', env: cdklocalEnv(options) });
    if (result.status !== 0) {
      console.error(`cdklocal ${args[0]} failed (exit ${result.status ?? result.signal})`);
      return 1;
    }
  }
  const outputsPath = `${root}${OUTPUTS_FILE}`;
  if (!existsSync(outputsPath)) throw new Error(`cdklocal wrote no ${OUTPUTS_FILE}`);
  const outputs = parseStackOutputs(readFileSync(outputsPath, 'utf8'), options.stage);
  const apiUrl = localStackApiUrl(options.endpoint, outputs.restApiId, outputs.stageName);
  const token = outputs.adminJwtSecretArn ? await adminToken(options, outputs.adminJwtSecretArn) : undefined;

  console.log(`API: ${apiUrl}`);
  if (token) console.log(`Admin token (12 h): ${token}`);
  console.log(`Smoke: ${smokeCommand(apiUrl, token)}`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`deploy:local: ${(error as Error).message}`);
      process.exit(1);
    },
  );
}
