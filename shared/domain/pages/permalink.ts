/**
 * Reader page locations. A post lives at WordPress's "day and name" permalink, `/{yyyy}/{mm}/{dd}/{slug}/`, with the
 * day of `publishedAt` in the site's time zone, so a blog imported from WordPress keeps its URLs. Each page path is
 * stored as the object `<path>index.html` in the bucket.
 */
const base = (siteUrl: string) => siteUrl.replace(/\/+$/, '');

const dayFormats = new Map<string, Intl.DateTimeFormat>();

function dayParts(iso: string, timeZone: string): { yyyy: string; mm: string; dd: string } {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new Error(`not a valid time: ${JSON.stringify(iso)}`);
  const parts = Object.fromEntries(format.formatToParts(date).map((p) => [p.type, p.value]));
  return { yyyy: parts.year, mm: parts.month, dd: parts.day };
}

/** `/2026/11/30/hello-world/` for a post published on that day in `timeZone`. */
export function postPath(post: { slug: string; publishedAt: string }, timeZone: string): string {
  const { yyyy, mm, dd } = dayParts(post.publishedAt, timeZone);
  return `/${yyyy}/${mm}/${dd}/${encodeURIComponent(post.slug)}/`;
}

/** The absolute permalink, or null for a post that has never been published (it has no public page). */
export function postPermalink(
  siteUrl: string,
  post: { slug: string; publishedAt: string | null },
  timeZone: string,
): string | null {
  return post.publishedAt
    ? `${base(siteUrl)}${postPath({ slug: post.slug, publishedAt: post.publishedAt }, timeZone)}`
    : null;
}

export const indexPath = (page: number) => (page <= 1 ? '/' : `/page/${page}/`);
export const tagPath = (tag: string) => `/tag/${encodeURIComponent(tag)}/`;
export const absolute = (siteUrl: string, path: string) => `${base(siteUrl)}${path}`;

/** `/2026/11/30/x/` → `2026/11/30/x/index.html`; `/` → `index.html`. */
export const pageKey = (path: string) => `${decodeURIComponent(path).replace(/^\/+/, '')}index.html`;

export const PAGE_KEYS = {
  notFound: '404.html',
  stylesheet: 'assets/blog.css',
  /** The widget's styles alone, for pages on other sites. */
  commentsStylesheet: 'assets/comments.css',
  widget: 'embed/comments.js',
} as const;
