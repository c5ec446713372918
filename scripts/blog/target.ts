import { loadOrCreateAdminSecret, mintAdminToken } from '../local/admin-secret.js';
import { readLogin, saveLogin } from './credentials.js';
import { refreshLogin } from './cognito.js';
import { UsageError } from './errors.js';

/** Where the command points and with which token: --api / BLOG_API / localhost:3000, --token / BLOG_TOKEN / login / local. */
export interface GlobalOptions {
  api?: string;
  token?: string;
  json?: boolean;
}

export const DEFAULT_API = 'http://localhost:3000';

export function resolveApi(options: GlobalOptions, env = process.env): string {
  const api = options.api || env.BLOG_API || DEFAULT_API;
  try {
    const url = new URL(api);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
  } catch {
    throw new UsageError(`--api must be an http(s) URL, got "${api}"`);
  }
  return api.replace(/\/+$/, '');
}

export const isLocalApi = (api: string): boolean => ['localhost', '127.0.0.1', '[::1]'].includes(new URL(api).hostname);

/** Refreshes a cached login this close to its expiry. */
const REFRESH_MARGIN_MS = 60_000;

export function tokenSource(api: string, options: GlobalOptions, env = process.env): () => Promise<string> {
  let cached: Promise<string> | undefined;
  return () => (cached ??= resolveToken(api, options, env));
}

async function resolveToken(api: string, options: GlobalOptions, env: NodeJS.ProcessEnv): Promise<string> {
  if (options.token) return options.token;
  if (env.BLOG_TOKEN) return env.BLOG_TOKEN;
  const login = readLogin(api, env);
  if (login) {
    if (!login.expiresAt || login.expiresAt - REFRESH_MARGIN_MS > Date.now()) return login.idToken;
    if (login.refreshToken && login.clientId && login.cognitoEndpoint) {
      const fresh = await refreshLogin(login);
      saveLogin(api, fresh, env);
      return fresh.idToken;
    }
  }
  if (isLocalApi(api)) return mintAdminToken(loadOrCreateAdminSecret(env.LOCAL_DATA_DIR || '.data', env), env);
  throw new UsageError(`no token for ${api}: run "blog login --api ${api}", or pass --token / set BLOG_TOKEN`);
}
