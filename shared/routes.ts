/**
 * The one route table. The CDK stack builds API Gateway resources and methods from it, and the local runtime
 * serves exactly the same routes, so local and deployed routing cannot drift.
 */
export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** Lambda functions that serve API routes. Each groups routes that need the same data access. */
export const API_FUNCTIONS = [
  'posts-public',
  'posts-admin',
  'comments-public',
  'comments-admin',
  'likes',
  'feeds-admin',
  'subscriptions',
] as const;
export type ApiFunctionName = (typeof API_FUNCTIONS)[number];

export interface LambdaRoute {
  kind: 'lambda';
  method: HttpMethod;
  /** API Gateway resource path template, e.g. /posts/{slug}. */
  path: string;
  function: ApiFunctionName;
  /** Operation inside the function; the function dispatches on it. */
  operation: string;
  auth: 'public' | 'admin';
  /** Write routes open to the public get tighter per-method throttling. */
  publicWrite?: boolean;
}

/**
 * Feeds and reader pages are static objects in the bucket; routes map a path to an object key. Pages are the
 * CloudFront default behaviour in AWS; API Gateway serves them too (LocalStack has no CloudFront), as does the local
 * runtime.
 */
export interface FeedRoute {
  kind: 'feed' | 'page';
  method: 'GET';
  path: string;
  /** Object key template; {slug} is substituted from the path. */
  objectKey: string;
  contentType: string;
  auth: 'public';
}

export type Route = LambdaRoute | FeedRoute;

const lambda = (
  method: HttpMethod,
  path: string,
  fn: ApiFunctionName,
  operation: string,
  auth: 'public' | 'admin' = 'public',
  publicWrite = false,
): LambdaRoute => ({
  kind: 'lambda',
  method,
  path,
  function: fn,
  operation,
  auth,
  ...(publicWrite ? { publicWrite } : {}),
});

const feed = (path: string, objectKey: string, contentType: string): FeedRoute => ({
  kind: 'feed',
  method: 'GET',
  path,
  objectKey,
  contentType,
  auth: 'public',
});

const page = (path: string, objectKey: string, contentType = HTML_CONTENT_TYPE): FeedRoute => ({
  kind: 'page',
  method: 'GET',
  path,
  objectKey,
  contentType,
  auth: 'public',
});

export const HTML_CONTENT_TYPE = 'text/html; charset=utf-8';
export const RSS_CONTENT_TYPE = 'application/rss+xml; charset=utf-8';
export const ATOM_CONTENT_TYPE = 'application/atom+xml; charset=utf-8';
export const JSON_FEED_CONTENT_TYPE = 'application/feed+json; charset=utf-8';

export const ROUTES: readonly Route[] = [
  lambda('GET', '/posts', 'posts-public', 'listPosts'),
  lambda('GET', '/posts/{slug}', 'posts-public', 'getPost'),
  lambda('GET', '/posts/{slug}/comments', 'comments-public', 'listComments'),
  lambda('POST', '/posts/{slug}/comments', 'comments-public', 'createComment', 'public', true),
  lambda('POST', '/posts/{slug}/likes', 'likes', 'like', 'public', true),
  lambda('DELETE', '/posts/{slug}/likes', 'likes', 'unlike', 'public', true),

  lambda('POST', '/subscriptions', 'subscriptions', 'subscribe', 'public', true),
  lambda('GET', '/subscriptions/confirm', 'subscriptions', 'confirm'),
  lambda('GET', '/subscriptions/unsubscribe', 'subscriptions', 'unsubscribePage'),
  lambda('POST', '/subscriptions/unsubscribe', 'subscriptions', 'unsubscribe', 'public', true),
  lambda('GET', '/subscriptions/moderate', 'subscriptions', 'moderatePage'),
  lambda('POST', '/subscriptions/moderate', 'subscriptions', 'moderate', 'public', true),

  feed('/feed.xml', 'feed.xml', RSS_CONTENT_TYPE),
  feed('/atom.xml', 'atom.xml', ATOM_CONTENT_TYPE),
  feed('/feed.json', 'feed.json', JSON_FEED_CONTENT_TYPE),
  feed('/comments/feed.xml', 'comments/feed.xml', RSS_CONTENT_TYPE),
  feed('/posts/{slug}/comments/feed.xml', 'posts/{slug}/comments/feed.xml', RSS_CONTENT_TYPE),

  page('/', 'index.html'),
  page('/page/{n}', 'page/{n}/index.html'),
  page('/{yyyy}/{mm}/{dd}/{slug}', '{yyyy}/{mm}/{dd}/{slug}/index.html'),
  page('/tag/{tag}', 'tag/{tag}/index.html'),
  page('/embed/comments.js', 'embed/comments.js', 'text/javascript; charset=utf-8'),
  page('/assets/blog.css', 'assets/blog.css', 'text/css; charset=utf-8'),
  page('/assets/comments.css', 'assets/comments.css', 'text/css; charset=utf-8'),

  lambda('POST', '/admin/posts', 'posts-admin', 'createPost', 'admin'),
  lambda('GET', '/admin/posts', 'posts-admin', 'listPosts', 'admin'),
  lambda('GET', '/admin/posts/{id}', 'posts-admin', 'getPost', 'admin'),
  lambda('PATCH', '/admin/posts/{id}', 'posts-admin', 'updatePost', 'admin'),
  lambda('DELETE', '/admin/posts/{id}', 'posts-admin', 'deletePost', 'admin'),
  lambda('GET', '/admin/comments', 'comments-admin', 'listComments', 'admin'),
  lambda('POST', '/admin/comments', 'comments-admin', 'createComment', 'admin'),
  lambda('PATCH', '/admin/comments/{id}', 'comments-admin', 'updateComment', 'admin'),
  lambda('DELETE', '/admin/comments/{id}', 'comments-admin', 'deleteComment', 'admin'),
  lambda('POST', '/admin/import/posts', 'posts-admin', 'importPosts', 'admin'),
  lambda('POST', '/admin/import/comments', 'comments-admin', 'importComments', 'admin'),
  lambda('POST', '/admin/feeds/rebuild', 'feeds-admin', 'rebuildFeeds', 'admin'),
];

export const lambdaRoutes = (): LambdaRoute[] => ROUTES.filter((r): r is LambdaRoute => r.kind === 'lambda');
export const feedRoutes = (): FeedRoute[] => ROUTES.filter((r): r is FeedRoute => r.kind === 'feed');
export const pageRoutes = (): FeedRoute[] => ROUTES.filter((r): r is FeedRoute => r.kind === 'page');
export const objectRoutes = (): FeedRoute[] => ROUTES.filter((r): r is FeedRoute => r.kind !== 'lambda');

/** The 404 page for unknown paths that are not API routes. */
export const NOT_FOUND_PAGE_KEY = '404.html';

/** First path segments of the API's Lambda routes ("posts", "admin"): everything else is the reader's side. */
export const apiPrefixes = (): string[] => [...new Set(lambdaRoutes().map((r) => r.path.split('/')[1]))];

export const isApiPath = (path: string): boolean => apiPrefixes().includes(path.split('/')[1] ?? '');
export const routesOf = (fn: ApiFunctionName): LambdaRoute[] => lambdaRoutes().filter((r) => r.function === fn);

/** Path templates, distinct, in table order. */
export const resourcePaths = (): string[] => [...new Set(ROUTES.map((r) => r.path))];

export interface RouteMatch {
  route: Route;
  pathParameters: Record<string, string>;
}

function templateToRegExp(template: string): { regexp: RegExp; names: string[] } {
  const names: string[] = [];
  const source = template
    .split('/')
    .map((segment) => {
      const param = /^\{(\w+)\}$/.exec(segment);
      if (param) {
        names.push(param[1]);
        return '([^/]+)';
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { regexp: new RegExp(`^${source}$`), names };
}

const compiled = resourcePaths().map((path) => ({ path, ...templateToRegExp(path) }));

/**
 * Resolves a concrete path to its resource template, as API Gateway does. Literal segments win over parameters
 * because API Gateway prefers the most specific resource.
 */
export function matchPath(path: string): { resource: string; pathParameters: Record<string, string> } | undefined {
  const candidates = compiled
    .map((c) => ({ c, m: c.regexp.exec(path) }))
    .filter((x) => x.m)
    .sort((a, b) => a.c.names.length - b.c.names.length);
  const best = candidates[0];
  if (!best || !best.m) return undefined;
  const pathParameters: Record<string, string> = {};
  best.c.names.forEach((name, i) => {
    pathParameters[name] = decodeURIComponent(best.m![i + 1]);
  });
  return { resource: best.c.path, pathParameters };
}

export function findRoute(method: string, resource: string): Route | undefined {
  return ROUTES.find((r) => r.method === method && r.path === resource);
}

export function methodsFor(resource: string): HttpMethod[] {
  return ROUTES.filter((r) => r.path === resource).map((r) => r.method);
}
