import { spawnSync } from 'node:child_process';
import { lookup } from 'node:dns/promises';
import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mintLocalAdminToken } from '../shared/auth/local-admin-token.js';

/**
 * npm run deploy:local [-- --stage local] [--endpoint http://localhost:4566] [--region us-east-1] [--skip-bootstrap]
 *                      [--fresh] [-- <more cdk arguments>]
 *
 * Deploys both stacks to a running LocalStack with the plain CDK CLI, configured only through environment variables
 * (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_S3, AWS_REGION; honoured by aws-cdk ≥ 2.177). cdklocal is not used: since
 * aws-cdk-local 3 it is the same variables plus a filter that drops AWS_REGION unless AWS_ENVAR_ALLOWLIST names it,
 * and it refuses an AWS_ENDPOINT_URL without AWS_ENDPOINT_URL_S3 — here every variable is set once, in one place,
 * and test/infra/deploy-local-stub.test.ts proves what the CLI sends. --fresh destroys the stateless stack first,
 * because LocalStack reports updates of Stage, Deployment, GatewayResponse, RequestValidator and Resource as done
 * without applying them. Start LocalStack first: `docker compose -f docker-compose.localstack.yml up -d`.
 */
export const DEFAULT_ENDPOINT = 'http://localhost:4566';
export const LOCALSTACK_ACCOUNT = '000000000000';
export const OUTPUTS_FILE = 'cdk.out/localstack-outputs.json';

export interface DeployOptions {
  stage: string;
  endpoint: string;
  region: string;
  skipBootstrap: boolean;
  fresh: boolean;
  /** Passed to every cdk command (after `--`), e.g. `--app` or `--verbose`. */
  cdkArgs: string[];
}

export function parseDeployArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): DeployOptions {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      stage: { type: 'string' },
      endpoint: { type: 'string' },
      region: { type: 'string' },
      'skip-bootstrap': { type: 'boolean' },
      fresh: { type: 'boolean' },
    },
  });
  const separator = argv.indexOf('--');
  const stray = separator < 0 ? positionals : positionals.slice(0, positionals.length - (argv.length - separator - 1));
  if (stray.length) throw new Error(`unexpected argument "${stray[0]}" (cdk arguments go after "--")`);
  const stage = values.stage ?? 'local';
  if (!/^[a-z][a-z0-9-]{0,19}$/.test(stage))
    throw new Error(`--stage: "${stage}" must be lowercase letters, digits and dashes`);
  const endpoint = (values.endpoint ?? env.AWS_ENDPOINT_URL ?? DEFAULT_ENDPOINT).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+$/.test(endpoint))
    throw new Error(`--endpoint: "${endpoint}" must be like ${DEFAULT_ENDPOINT}`);
  const region = values.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region))
    throw new Error(`--region: "${region}" is not a region name like eu-west-1`);
  return {
    stage,
    endpoint,
    region,
    skipBootstrap: values['skip-bootstrap'] ?? false,
    fresh: values.fresh ?? false,
    cdkArgs: separator < 0 ? [] : argv.slice(separator + 1),
  };
}

/**
 * S3 needs its own endpoint: with a host name the SDK addresses buckets virtual-host style (`<bucket>.localhost`),
 * which resolves only where wildcard DNS does. An IP address makes the SDK use path-style addressing, which
 * LocalStack serves on any address, so the host is resolved here once.
 */
export async function s3EndpointFor(
  endpoint: string,
  resolve: (host: string) => Promise<string> = async (h) => (await lookup(h)).address,
): Promise<string> {
  const url = new URL(endpoint);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const ip = isIP(host) ? host : host === 'localhost' ? '127.0.0.1' : await resolve(host);
  url.hostname = isIP(ip) === 6 ? `[${ip}]` : ip;
  return url.toString().replace(/\/+$/, '');
}

/**
 * Environment for the CDK CLI. Only LocalStack's dummy credentials: a developer's real keys, session or profile never
 * sign a request to LocalStack (or to whatever answers on the endpoint).
 */
export function cdkEnv(
  options: DeployOptions,
  s3Endpoint: string,
  env: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  const kept = Object.fromEntries(
    Object.entries(env).filter(([name]) => !name.startsWith('AWS_') && !name.startsWith('CDK_')),
  );
  return {
    ...kept,
    AWS_ENDPOINT_URL: options.endpoint,
    AWS_ENDPOINT_URL_S3: env.AWS_ENDPOINT_URL_S3 ?? s3Endpoint,
    AWS_REGION: options.region,
    AWS_DEFAULT_REGION: options.region,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    // The IMDS probe only slows the CLI down when no profile matches; LocalStack needs none.
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

export const statelessStackName = (stage: string) => `blog-${stage}-stateless`;

/** The CDK CLI invocations, in order. Bootstrap names the environment so it does not synth (and bundle). */
export function cdkCommands(options: DeployOptions): string[][] {
  const context = ['-c', 'target=localstack', '-c', `stage=${options.stage}`];
  const commands: string[][] = [];
  if (!options.skipBootstrap) commands.push(['bootstrap', `aws://${LOCALSTACK_ACCOUNT}/${options.region}`, ...context]);
  if (options.fresh) commands.push(['destroy', statelessStackName(options.stage), '--force', ...context]);
  commands.push(['deploy', '--all', ...context, '--require-approval', 'never', '--outputs-file', OUTPUTS_FILE]);
  return commands.map((command) => [...command, ...options.cdkArgs]);
}

export interface StackOutputs {
  restApiId: string;
  stageName: string;
  adminJwtSecretArn?: string;
}

/** Reads the stateless stack's outputs from cdk's --outputs-file JSON. */
export function parseStackOutputs(json: string, stage: string): StackOutputs {
  const all = JSON.parse(json) as Record<string, Record<string, string>>;
  const name = statelessStackName(stage);
  const outputs = all[name];
  if (!outputs)
    throw new Error(
      `${OUTPUTS_FILE} has no outputs for stack ${name} (found: ${Object.keys(all).join(', ') || 'none'})`,
    );
  if (!outputs.RestApiId || !outputs.StageName)
    throw new Error(`stack ${name} is missing the RestApiId/StageName outputs`);
  return { restApiId: outputs.RestApiId, stageName: outputs.StageName, adminJwtSecretArn: outputs.AdminJwtSecretArn };
}

/**
 * LocalStack's invoke URL (the `/restapis/<id>/<stage>/_user_request_` form is deprecated since 3.8): the
 * `<id>.execute-api.localhost.localstack.cloud` host for a local endpoint, else the `/_aws/execute-api/` path form,
 * which works on any host name.
 */
export function localStackApiUrl(endpoint: string, restApiId: string, stageName: string): string {
  const url = new URL(endpoint);
  if (['localhost', '127.0.0.1', 'localhost.localstack.cloud'].includes(url.hostname)) {
    return `${url.protocol}//${restApiId}.execute-api.localhost.localstack.cloud:${url.port || '4566'}/${stageName}`;
  }
  return `${endpoint.replace(/\/+$/, '')}/_aws/execute-api/${restApiId}/${stageName}`;
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
  return mintLocalAdminToken({
    secret: SecretString,
    name: process.env.BLOG_AUTHOR_NAME ?? 'Blog Author',
    expiresIn: '12h',
  });
}

export async function deployLocal(
  argv: string[],
  root = fileURLToPath(new URL('..', import.meta.url)),
): Promise<number> {
  const options = parseDeployArgs(argv);
  if (!(await localStackIsUp(options.endpoint))) {
    console.error(`LocalStack is not answering at ${options.endpoint}/_localstack/health.`);
    console.error('Start it with: LOCALSTACK_AUTH_TOKEN=... docker compose -f docker-compose.localstack.yml up -d');
    return 1;
  }
  const env = cdkEnv(options, await s3EndpointFor(options.endpoint));
  console.error(
    `LocalStack ${options.endpoint} (S3 ${env.AWS_ENDPOINT_URL_S3}), region ${options.region}, stage ${options.stage}`,
  );
  const cdk = `${root}node_modules/.bin/cdk`;
  for (const args of cdkCommands(options)) {
    console.error(`> cdk ${args.join(' ')}`);
    const result = spawnSync(cdk, args, { cwd: root, stdio: 'inherit', env });
    if (result.status !== 0) {
      console.error(`cdk ${args[0]} failed (exit ${result.status ?? result.signal})`);
      if (args[0] === 'deploy' && !options.fresh)
        console.error(
          'After a route or stage change, LocalStack needs a fresh stateless stack: npm run deploy:local -- --fresh',
        );
      return 1;
    }
  }
  const outputsPath = `${root}${OUTPUTS_FILE}`;
  if (!existsSync(outputsPath)) throw new Error(`cdk wrote no ${OUTPUTS_FILE}`);
  const outputs = parseStackOutputs(readFileSync(outputsPath, 'utf8'), options.stage);
  const apiUrl = localStackApiUrl(options.endpoint, outputs.restApiId, outputs.stageName);
  const token = outputs.adminJwtSecretArn ? await adminToken(options, outputs.adminJwtSecretArn) : undefined;

  console.log(`API: ${apiUrl}`);
  if (token) console.log(`Admin token (12 h): ${token}`);
  console.log(`Smoke: ${smokeCommand(apiUrl, token)}`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  deployLocal(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`deploy:local: ${(error as Error).message}`);
      process.exit(1);
    },
  );
}
