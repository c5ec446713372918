import type { Command } from 'commander';
import { decodeJwt } from 'jose';
import { read } from 'read';
import { cognitoEndpointFor, passwordLogin } from '../cognito.js';
import { saveLogin } from '../credentials.js';
import { DEFAULT_STACK, userPoolClientFromStack } from '../stack-outputs.js';
import { action, type CommandContext } from '../context.js';
import { UsageError } from '../errors.js';
import { print, warn } from '../output.js';
import type { GlobalOptions } from '../target.js';

interface LoginOptions {
  clientId?: string;
  stack?: string;
  region?: string;
  username?: string;
  cognitoEndpoint?: string;
}

/** The region of an API Gateway or CloudFront-fronted API is not in every URL; execute-api hosts carry it. */
const regionOf = (api: string) => /\.execute-api\.([a-z0-9-]+)\.amazonaws\.com$/.exec(new URL(api).hostname)?.[1];

function expiryOf(token: string): number | undefined {
  try {
    const { exp } = decodeJwt(token);
    return typeof exp === 'number' ? exp * 1000 : undefined;
  } catch {
    throw new UsageError('--token is not a JWT');
  }
}

/**
 * Prompts on a terminal (the password not echoed); reads one line per answer from piped input otherwise, since a
 * line reader on a pipe takes all buffered lines at once.
 */
async function prompter(): Promise<(prompt: string, silent: boolean) => Promise<string>> {
  if (process.stdin.isTTY)
    return async (prompt, silent) => String(await read({ prompt, silent, replace: '', output: process.stderr }));
  let piped = '';
  for await (const chunk of process.stdin) piped += chunk;
  const lines = piped.split(/\r?\n/);
  return async () => lines.shift() ?? '';
}

async function login(context: CommandContext, options: LoginOptions, command: Command): Promise<void> {
  const global = command.optsWithGlobals<GlobalOptions>();
  const api = context.apiUrl;
  if (global.token) {
    const file = saveLogin(api, { idToken: global.token, expiresAt: expiryOf(global.token) });
    print(`saved the token for ${api} in ${file}`);
    return;
  }
  let clientId = options.clientId ?? process.env.BLOG_COGNITO_CLIENT_ID;
  let region = options.region ?? process.env.AWS_REGION ?? regionOf(api);
  if (!clientId) ({ clientId, region } = await userPoolClientFromStack(options.stack ?? DEFAULT_STACK, region));
  const endpoint =
    options.cognitoEndpoint ?? process.env.BLOG_COGNITO_ENDPOINT ?? (region ? cognitoEndpointFor(region) : undefined);
  if (!endpoint) throw new UsageError('give the user pool region with --region (or AWS_REGION)');
  const answers = await prompter();
  const username = options.username ?? (await answers('Username: ', false));
  const password = await answers('Password: ', true);
  if (!username.trim() || !password) throw new UsageError('username and password are required');
  const cached = await passwordLogin(endpoint, clientId, username.trim(), password);
  const file = saveLogin(api, cached);
  warn('');
  print(`logged in to ${api}; the token is cached in ${file} and refreshed when it runs out`);
}

export function registerLogin(program: Command): void {
  program
    .command('login')
    .description(
      'sign in with the Cognito user pool (USER_PASSWORD_AUTH; the password is prompted, not echoed), or save --token',
    )
    .option(
      '--client-id <id>',
      'user pool app client id, else $BLOG_COGNITO_CLIENT_ID, else the stack output UserPoolClientId',
    )
    .option('--stack <name>', `the deployed stateless stack to read it from (default ${DEFAULT_STACK})`)
    .option('--region <region>', 'user pool region, else $AWS_REGION or the execute-api host')
    .option('--username <name>', 'else prompted')
    .option('--cognito-endpoint <url>', 'Cognito IdP endpoint (default https://cognito-idp.REGION.amazonaws.com/)')
    .action(action((context, options: LoginOptions, command: Command) => login(context, options, command)));
}
