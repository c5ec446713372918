import type { CachedLogin } from './credentials.js';
import { UsageError } from './errors.js';

/**
 * Cognito user-pool sign-in over its JSON API (InitiateAuth needs no AWS credentials, so no SDK client is
 * needed): USER_PASSWORD_AUTH for `blog login`, REFRESH_TOKEN_AUTH when the cached ID token runs out.
 */
export const cognitoEndpointFor = (region: string) => `https://cognito-idp.${region}.amazonaws.com/`;

interface AuthenticationResult {
  IdToken?: string;
  RefreshToken?: string;
  ExpiresIn?: number;
}

async function initiateAuth(endpoint: string, body: Record<string, unknown>): Promise<AuthenticationResult> {
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth',
      },
      body: JSON.stringify(body),
    });
  } catch (error) {
    throw new UsageError(`cannot reach Cognito at ${endpoint}: ${(error as Error).message}`);
  }
  const json = (await response.json().catch(() => ({}))) as {
    AuthenticationResult?: AuthenticationResult;
    ChallengeName?: string;
    __type?: string;
    message?: string;
  };
  if (!response.ok)
    throw new UsageError(
      `sign-in refused: ${(json.__type ?? String(response.status)).split('#').pop()}: ${json.message ?? ''}`.trim(),
    );
  if (json.ChallengeName)
    throw new UsageError(
      `sign-in needs the ${json.ChallengeName} step; finish it once in the Cognito hosted UI, then log in again`,
    );
  if (!json.AuthenticationResult?.IdToken) throw new UsageError('sign-in answered without an ID token');
  return json.AuthenticationResult;
}

const toLogin = (
  result: AuthenticationResult,
  clientId: string,
  endpoint: string,
  previousRefresh?: string,
): CachedLogin => ({
  idToken: result.IdToken!,
  refreshToken: result.RefreshToken ?? previousRefresh,
  expiresAt: Date.now() + (result.ExpiresIn ?? 3600) * 1000,
  clientId,
  cognitoEndpoint: endpoint,
});

export async function passwordLogin(
  endpoint: string,
  clientId: string,
  username: string,
  password: string,
): Promise<CachedLogin> {
  const result = await initiateAuth(endpoint, {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: clientId,
    AuthParameters: { USERNAME: username, PASSWORD: password },
  });
  return toLogin(result, clientId, endpoint);
}

export async function refreshLogin(login: CachedLogin): Promise<CachedLogin> {
  const result = await initiateAuth(login.cognitoEndpoint!, {
    AuthFlow: 'REFRESH_TOKEN_AUTH',
    ClientId: login.clientId,
    AuthParameters: { REFRESH_TOKEN: login.refreshToken },
  });
  // Cognito does not send a new refresh token on refresh: the old one stays valid until it expires.
  return toLogin(result, login.clientId!, login.cognitoEndpoint!, login.refreshToken);
}
