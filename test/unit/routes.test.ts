import { describe, expect, it } from 'vitest';
import { API_FUNCTIONS, findRoute, lambdaRoutes, matchPath, methodsFor, ROUTES } from '../../shared/routes.js';

describe('route table', () => {
  it('has no duplicate method + path pairs', () => {
    const keys = ROUTES.map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('puts every admin route under /admin and every /admin route behind auth', () => {
    for (const route of ROUTES) {
      expect(route.path.startsWith('/admin/')).toBe(route.auth === 'admin');
    }
  });

  it('uses only known functions', () => {
    for (const route of lambdaRoutes()) expect(API_FUNCTIONS).toContain(route.function);
  });

  it('matches a literal resource before a parameterised one', () => {
    expect(matchPath('/comments/feed.xml')).toEqual({ resource: '/comments/feed.xml', pathParameters: {} });
    expect(matchPath('/posts/hello-world/comments/feed.xml')).toEqual({
      resource: '/posts/{slug}/comments/feed.xml',
      pathParameters: { slug: 'hello-world' },
    });
  });

  it('extracts and decodes path parameters', () => {
    expect(matchPath('/posts/caf%C3%A9')).toEqual({ resource: '/posts/{slug}', pathParameters: { slug: 'café' } });
  });

  it('returns undefined for unknown paths and trailing garbage', () => {
    expect(matchPath('/nope')).toBeUndefined();
    expect(matchPath('/posts/a/b/c/d')).toBeUndefined();
  });

  it('finds a route by method and resource, and lists allowed methods', () => {
    expect(findRoute('POST', '/posts/{slug}/comments')).toMatchObject({
      function: 'comments-public',
      operation: 'createComment',
    });
    expect(findRoute('PUT', '/posts/{slug}/comments')).toBeUndefined();
    expect(methodsFor('/posts/{slug}/likes').sort()).toEqual(['DELETE', 'POST']);
  });
});
