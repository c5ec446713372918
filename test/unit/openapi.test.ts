import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROUTES } from '../../shared/routes.js';

/** openapi.yaml documents exactly the routes of the route table that CDK and the local runtime build from. */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, { security?: unknown[]; responses?: Record<string, unknown> }>>;
  components: Record<string, Record<string, unknown>>;
}

const document = parse(readFileSync(join(ROOT, 'openapi.yaml'), 'utf8')) as OpenApiDocument;

const documented = Object.entries(document.paths).flatMap(([path, item]) =>
  Object.keys(item)
    .filter((key) => HTTP_METHODS.includes(key))
    .map((method) => `${method.toUpperCase()} ${path}`),
);
const routed = ROUTES.map((r) => `${r.method} ${r.path}`);

function operation(route: (typeof ROUTES)[number]) {
  return document.paths[route.path]?.[route.method.toLowerCase()];
}

function collectRefs(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => collectRefs(n, found));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') found.push(value);
      else collectRefs(value, found);
    }
  }
  return found;
}

describe('openapi.yaml', () => {
  it('is an OpenAPI 3.0 document', () => {
    expect(document.openapi).toMatch(/^3\.0\.\d+$/);
  });

  it('documents every route of shared/routes.ts with the same method', () => {
    const missing = routed.filter((r) => !documented.includes(r));
    expect(missing).toEqual([]);
  });

  it('documents nothing the route table does not serve', () => {
    const extra = documented.filter((d) => !routed.includes(d));
    expect(extra).toEqual([]);
  });

  it('requires the bearer token on admin routes and nowhere else', () => {
    for (const route of ROUTES) {
      const security = operation(route)?.security;
      if (route.auth === 'admin') expect(security, `${route.method} ${route.path}`).toEqual([{ adminJwt: [] }]);
      else expect(security, `${route.method} ${route.path}`).toBeUndefined();
    }
  });

  it('gives every operation a success response', () => {
    for (const route of ROUTES) {
      const statuses = Object.keys(operation(route)?.responses ?? {});
      expect(
        statuses.some((s) => /^2\d\d$/.test(s)),
        `${route.method} ${route.path}`,
      ).toBe(true);
    }
  });

  it('resolves every local $ref', () => {
    const unresolved = collectRefs(document).filter((ref) => {
      const [, section, name] = /^#\/components\/(\w+)\/(.+)$/.exec(ref) ?? [];
      return !section || !document.components[section]?.[name];
    });
    expect(unresolved).toEqual([]);
  });

  it('describes the contract shapes and headers', () => {
    const schemas = document.components.schemas;
    for (const name of ['PostSummary', 'Post', 'AdminPost', 'Comment', 'AdminComment', 'Error'])
      expect(schemas).toHaveProperty(name);
    const parameters = Object.values(document.components.parameters) as { name: string; in: string }[];
    const headerNames = parameters.filter((p) => p.in === 'header').map((p) => p.name);
    expect(headerNames).toEqual(expect.arrayContaining(['If-None-Match', 'If-Match', 'Idempotency-Key']));
    expect(Object.keys(document.components.headers)).toEqual(expect.arrayContaining(['ETag', 'RetryAfter']));
  });
});
