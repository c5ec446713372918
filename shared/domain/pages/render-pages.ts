import { Liquid } from 'liquidjs';
import { absolute, indexPath, PAGE_KEYS, pageKey, postPath, tagPath } from './permalink.js';
import { HTML_CONTENT_TYPE, type PageComment, type PageDocument, type PagePost, type PageSite } from './page-types.js';
import { TEMPLATES } from './templates.js';

/**
 * Renders the reader pages from plain data. All formatting (dates, counts, paths) happens here, so the templates
 * only place values; Liquid escapes every value except the sanitized post/comment HTML.
 */
const engine = new Liquid({ templates: TEMPLATES, outputEscape: 'escape', strictFilters: true, cache: true });

const dateFormats = new Map<string, Intl.DateTimeFormat>();
export function displayDate(iso: string, timeZone: string): string {
  let format = dateFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'long', day: 'numeric' });
    dateFormats.set(timeZone, format);
  }
  return format.format(new Date(iso));
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
export const commentLabel = (n: number) => (n === 0 ? 'No comments' : plural(n, 'comment', 'comments'));
export const likeLabel = (n: number) =>
  n === 0 ? 'Be the first to like this' : n === 1 ? '1 person likes this' : `${n} people like this`;
export const responsesHeading = (n: number, title: string) =>
  n === 0 ? `No responses to “${title}”` : `${plural(n, 'Response', 'Responses')} to “${title}”`;

/** JSON inside <script>: `<` escaped so no value can close the element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

const assets = { stylesheet: PAGE_KEYS.stylesheet, widget: PAGE_KEYS.widget };

function summaryOf(post: PagePost, site: PageSite) {
  return {
    title: post.title,
    path: postPath(post, site.timeZone),
    authorName: post.authorName,
    publishedAt: post.publishedAt,
    date: displayDate(post.publishedAt, site.timeZone),
    excerpt: post.excerpt,
    commentLabel: commentLabel(post.commentCount),
  };
}

async function renderList(
  site: PageSite,
  path: string,
  heading: string,
  title: string,
  posts: PagePost[],
  pager: { newer?: string; older?: string },
): Promise<PageDocument> {
  const body = await engine.renderFile('list', {
    site,
    assets,
    page: { title, heading, description: site.description, canonical: absolute(site.url, path), ogType: 'website' },
    posts: posts.map((p) => summaryOf(p, site)),
    pager,
  });
  return { key: pageKey(path), body, contentType: HTML_CONTENT_TYPE };
}

/** `/` or `/page/{n}/`: `posts` are that page's posts, newest first; `hasOlder` links the next page. */
export function renderIndexPage(
  site: PageSite,
  page: number,
  posts: PagePost[],
  hasOlder: boolean,
): Promise<PageDocument> {
  const path = indexPath(page);
  return renderList(
    site,
    path,
    page === 1 ? 'Latest posts' : `Posts, page ${page}`,
    page === 1 ? site.title : `${site.title} – page ${page}`,
    posts,
    {
      newer: page > 1 ? indexPath(page - 1) : undefined,
      older: hasOlder ? indexPath(page + 1) : undefined,
    },
  );
}

export function renderTagPage(site: PageSite, tag: string, posts: PagePost[]): Promise<PageDocument> {
  return renderList(site, tagPath(tag), `Posts tagged “${tag}”`, `${tag} – ${site.title}`, posts, {});
}

interface CommentNode extends Omit<PageComment, 'parentId'> {
  number: number;
  date: string;
  replies: CommentNode[];
}

/** Numbers comments oldest first (1-based, as the API does) and nests replies under parents shown on the page. */
export function commentTree(comments: PageComment[], timeZone: string): CommentNode[] {
  const ordered = [...comments].sort((a, b) =>
    a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1,
  );
  const nodes = new Map<string, CommentNode>();
  const roots: CommentNode[] = [];
  ordered.forEach((c, i) => {
    const node: CommentNode = {
      id: c.id,
      number: i + 1,
      authorName: c.authorName || 'Anonymous',
      authorUrl: c.authorUrl && /^https?:\/\//i.test(c.authorUrl) ? c.authorUrl : null,
      avatarUrl: c.avatarUrl && /^https:\/\//i.test(c.avatarUrl) ? c.avatarUrl : null,
      isPostAuthor: c.isPostAuthor,
      html: c.html,
      createdAt: c.createdAt,
      date: displayDate(c.createdAt, timeZone),
      replies: [],
    };
    nodes.set(c.id, node);
    const parent = c.parentId ? nodes.get(c.parentId) : undefined;
    (parent ? parent.replies : roots).push(node);
  });
  return roots;
}

export async function renderPostPage(site: PageSite, post: PagePost, comments: PageComment[]): Promise<PageDocument> {
  const path = postPath(post, site.timeZone);
  const canonical = absolute(site.url, path);
  const commentsFeed = absolute(site.url, `/posts/${encodeURIComponent(post.slug)}/comments/feed.xml`);
  const jsonLd = {
    '@context': 'https://schema.org',
    '@type': 'BlogPosting',
    headline: post.title,
    description: post.excerpt,
    datePublished: post.publishedAt,
    dateModified: post.updatedAt,
    author: { '@type': 'Person', name: post.authorName },
    mainEntityOfPage: canonical,
    url: canonical,
    keywords: post.tags.join(', '),
    commentCount: post.commentCount,
  };
  const body = await engine.renderFile('post', {
    site,
    assets,
    page: {
      title: `${post.title} – ${site.title}`,
      heading: post.title,
      description: post.excerpt,
      canonical,
      ogType: 'article',
      commentsFeed,
      jsonLd: scriptJson(jsonLd),
      widget: true,
    },
    post: {
      slug: post.slug,
      title: post.title,
      html: post.html,
      authorName: post.authorName,
      publishedAt: post.publishedAt,
      date: displayDate(post.publishedAt, site.timeZone),
      tags: post.tags.map((tag) => ({ name: tag, path: tagPath(tag) })),
      likeCount: post.likeCount,
      likeLabel: likeLabel(post.likeCount),
      commentsOpen: post.commentsOpen,
      commentHeading: responsesHeading(Math.max(post.commentCount, comments.length), post.title),
      commentsFeed,
    },
    comments: commentTree(comments, site.timeZone),
  });
  return { key: pageKey(path), body, contentType: HTML_CONTENT_TYPE };
}

export async function renderNotFoundPage(site: PageSite): Promise<PageDocument> {
  const body = await engine.renderFile('notFound', {
    site,
    assets,
    page: {
      title: `Page not found – ${site.title}`,
      heading: 'Page not found',
      description: site.description,
      canonical: absolute(site.url, '/'),
      ogType: 'website',
    },
  });
  return { key: PAGE_KEYS.notFound, body, contentType: HTML_CONTENT_TYPE };
}
