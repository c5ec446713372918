import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The cached login, per API URL, in the user's config dir (BLOG_CONFIG_DIR, else $XDG_CONFIG_HOME/blog, else
 * ~/.config/blog). The file holds tokens, so it is written with mode 0600 in a 0700 directory.
 */
export interface CachedLogin {
  idToken: string;
  refreshToken?: string;
  /** Epoch milliseconds. */
  expiresAt?: number;
  clientId?: string;
  /** Cognito IdP endpoint the tokens came from (used for refresh). */
  cognitoEndpoint?: string;
}

export function configDir(env = process.env): string {
  if (env.BLOG_CONFIG_DIR) return env.BLOG_CONFIG_DIR;
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'blog');
}

export const credentialsFile = (env = process.env) => join(configDir(env), 'credentials.json');

const apiKey = (api: string) => api.replace(/\/+$/, '');

function readAll(env = process.env): Record<string, CachedLogin> {
  const file = credentialsFile(env);
  if (!existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, CachedLogin>;
  } catch {
    return {};
  }
}

export const readLogin = (api: string, env = process.env): CachedLogin | undefined => readAll(env)[apiKey(api)];

export function saveLogin(api: string, login: CachedLogin, env = process.env): string {
  const dir = configDir(env);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = credentialsFile(env);
  const all = { ...readAll(env), [apiKey(api)]: login };
  writeFileSync(file, `${JSON.stringify(all, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return file;
}
