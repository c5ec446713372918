import { parseDocument, stringify } from 'yaml';
import { UsageError } from './errors.js';

/** A post file: YAML front matter between `---` lines, then the markdown body. */
export interface PostFile {
  title?: string;
  slug?: string;
  tags?: string[];
  status?: 'draft' | 'published' | 'scheduled';
  publishAt?: string;
  commentsOpen?: boolean;
  body: string;
}

const FIELDS = ['title', 'slug', 'tags', 'status', 'publishAt', 'commentsOpen'] as const;
const OPENING = /^\uFEFF?---\r?\n/;

export function parsePostFile(text: string, file: string): PostFile {
  if (!OPENING.test(text)) throw new UsageError(`${file}: line 1: expected front matter starting with "---"`);
  const rest = text.replace(OPENING, '');
  const close = /^---\s*$/m.exec(rest);
  if (!close) throw new UsageError(`${file}: the front matter has no closing "---" line`);
  const doc = parseDocument(rest.slice(0, close.index));
  if (doc.errors.length) {
    const error = doc.errors[0];
    // +1 for the opening "---" line.
    throw new UsageError(`${file}: line ${(error.linePos?.[0].line ?? 0) + 1}: ${error.message.split('\n')[0]}`);
  }
  const data = (doc.toJS() ?? {}) as Record<string, unknown>;
  if (typeof data !== 'object' || Array.isArray(data))
    throw new UsageError(`${file}: front matter must be a mapping of fields`);
  const unknown = Object.keys(data).filter(
    (k) => !(FIELDS as readonly string[]).includes(k) && k !== 'publishedAt' && k !== 'url',
  );
  if (unknown.length)
    throw new UsageError(`${file}: unknown front matter field(s): ${unknown.join(', ')} (known: ${FIELDS.join(', ')})`);
  const post: PostFile = {
    body: rest
      .slice(close.index + close[0].length)
      .replace(/^\r?\n+/, '')
      .trimEnd(),
  };
  if (data.title !== undefined) post.title = String(data.title);
  if (data.slug !== undefined) post.slug = String(data.slug);
  if (data.tags !== undefined) {
    if (!Array.isArray(data.tags)) throw new UsageError(`${file}: tags must be a list`);
    post.tags = data.tags.map(String);
  }
  if (data.status !== undefined) {
    if (!['draft', 'published', 'scheduled'].includes(String(data.status)))
      throw new UsageError(`${file}: status must be draft, published or scheduled`);
    post.status = data.status as PostFile['status'];
  }
  if (data.publishAt !== undefined && data.publishAt !== null)
    post.publishAt = data.publishAt instanceof Date ? data.publishAt.toISOString() : String(data.publishAt);
  if (data.commentsOpen !== undefined) post.commentsOpen = data.commentsOpen === true;
  return post;
}

/** The reverse of parsePostFile; extra read-only fields (publishedAt, url) are written for the reader's benefit. */
export function formatPostFile(
  post: Required<Pick<PostFile, 'title' | 'slug' | 'tags' | 'status' | 'commentsOpen' | 'body'>> & {
    publishAt?: string | null;
    publishedAt?: string | null;
    url?: string;
  },
): string {
  const data: Record<string, unknown> = { title: post.title, slug: post.slug, tags: post.tags, status: post.status };
  if (post.publishAt) data.publishAt = post.publishAt;
  data.commentsOpen = post.commentsOpen;
  if (post.publishedAt) data.publishedAt = post.publishedAt;
  return `---\n${stringify(data)}---\n\n${post.body.trimEnd()}\n`;
}
