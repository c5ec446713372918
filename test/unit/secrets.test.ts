import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fetchSecretValue } from '../../shared/config/secret-value.js';
import {
  loadOriginSecrets,
  loadVisitorSalt,
  ORIGIN_SECRET_TTL_MS,
  resetSecretsForTests,
} from '../../shared/config/secrets.js';

const ARN = 'arn:aws:secretsmanager:eu-west-2:111122223333:secret:blog-prod-salt-AbCdEf';
interface Seen {
  url?: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A stand-in for Secrets Manager's JSON API: AWSCURRENT has a value, AWSPREVIOUS does not exist yet. */
let server: Server;
let seen: Seen[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ url: req.url, headers: req.headers, body });
      const request = JSON.parse(body) as { SecretId: string; VersionStage?: string };
      if (request.SecretId !== ARN)
        return res.writeHead(400).end(JSON.stringify({ __type: 'com.amazonaws.secretsmanager#AccessDeniedException' }));
      if (request.VersionStage === 'AWSPREVIOUS')
        return res.writeHead(400).end(JSON.stringify({ __type: 'ResourceNotFoundException' }));
      res
        .writeHead(200, { 'content-type': 'application/x-amz-json-1.1' })
        .end(JSON.stringify({ ARN, SecretString: 's'.repeat(48) }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  vi.stubEnv('AWS_ENDPOINT_URL_SECRETS_MANAGER', `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDEXAMPLE');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'example-secret');
});
afterAll(() => {
  server.close();
  vi.unstubAllEnvs();
});
beforeEach(() => {
  seen = [];
  resetSecretsForTests();
});

describe('GetSecretValue by ARN', () => {
  it('sends one SigV4-signed JSON request for the secret, in the region its ARN names', async () => {
    await expect(fetchSecretValue(ARN)).resolves.toBe('s'.repeat(48));

    expect(seen).toHaveLength(1);
    expect(seen[0].headers['x-amz-target']).toBe('secretsmanager.GetSecretValue');
    expect(seen[0].headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(JSON.parse(seen[0].body)).toEqual({ SecretId: ARN });
    expect(seen[0].headers.authorization).toMatch(
      /Credential=AKIDEXAMPLE\/\d{8}\/eu-west-2\/secretsmanager\/aws4_request/,
    );
  });

  it('answers undefined for a version stage that does not exist, and throws on any other error', async () => {
    await expect(fetchSecretValue(ARN, 'AWSPREVIOUS')).resolves.toBeUndefined();
    await expect(fetchSecretValue(`${ARN}-other`)).rejects.toThrow(/HTTP 400 AccessDeniedException/);
  });
});

describe('secrets cached per container', () => {
  it('reads the salt once however often it is asked for', async () => {
    const fetch = vi.fn(async () => 'a-salt-of-enough-length-123');

    const salts = await Promise.all(
      [1, 2, 3].map(() =>
        loadVisitorSalt({ VISITOR_HASH_SALT: 'unused-local-salt', VISITOR_HASH_SALT_ARN: ARN }, fetch),
      ),
    );

    expect(salts).toEqual(Array(3).fill('a-salt-of-enough-length-123'));
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('uses the local salt without fetching when no ARN is set', async () => {
    const fetch = vi.fn(async () => 'x');

    await expect(
      loadVisitorSalt({ VISITOR_HASH_SALT: 'local-development-salt', VISITOR_HASH_SALT_ARN: undefined }, fetch),
    ).resolves.toBe('local-development-salt');
    expect(fetch).not.toHaveBeenCalled();
  });

  it('fails on a salt too short, and tries again on the next call instead of caching the failure', async () => {
    const fetch = vi.fn().mockResolvedValueOnce('short').mockResolvedValueOnce('a-salt-of-enough-length-123');
    const config = { VISITOR_HASH_SALT: 'unused-local-salt', VISITOR_HASH_SALT_ARN: ARN };

    await expect(loadVisitorSalt(config, fetch)).rejects.toThrow(/at least 16/);
    await expect(loadVisitorSalt(config, fetch)).resolves.toBe('a-salt-of-enough-length-123');
  });

  it('loads the current and, when there is one, the previous origin-verify secret', async () => {
    await expect(loadOriginSecrets({ ORIGIN_VERIFY_SECRET_ARN: ARN })).resolves.toEqual(['s'.repeat(48)]);
    resetSecretsForTests();
    const rotated = vi.fn(async (_id: string, stage?: string) => (stage ? 'p'.repeat(40) : 'c'.repeat(40)));
    await expect(loadOriginSecrets({ ORIGIN_VERIFY_SECRET_ARN: ARN }, rotated)).resolves.toEqual([
      'c'.repeat(40),
      'p'.repeat(40),
    ]);
    await expect(loadOriginSecrets({ ORIGIN_VERIFY_SECRET_ARN: undefined })).resolves.toEqual([]);
  });

  it('reads the origin-verify values again after a few minutes, so running containers learn a rotated value', async () => {
    const values = ['a'.repeat(40), 'b'.repeat(40)];
    const fetch = vi.fn(async (_id: string, stage?: string) => (stage ? undefined : values[0]));
    const t0 = Date.parse('2026-01-10T12:00:00Z');

    await expect(loadOriginSecrets({ ORIGIN_VERIFY_SECRET_ARN: ARN }, fetch, t0)).resolves.toEqual([values[0]]);
    values.shift();
    await expect(
      loadOriginSecrets({ ORIGIN_VERIFY_SECRET_ARN: ARN }, fetch, t0 + ORIGIN_SECRET_TTL_MS - 1),
    ).resolves.toEqual(['a'.repeat(40)]);
    await expect(
      loadOriginSecrets({ ORIGIN_VERIFY_SECRET_ARN: ARN }, fetch, t0 + ORIGIN_SECRET_TTL_MS + 1),
    ).resolves.toEqual(['b'.repeat(40)]);
    expect(fetch).toHaveBeenCalledTimes(4);
  });
});
