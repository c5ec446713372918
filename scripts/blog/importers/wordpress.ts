import { slugify, withSuffix } from '../../../shared/domain/slug.js';
import { UsageError } from '../errors.js';
import { wordpressBody, addParagraphs } from './html-paragraphs.js';
import { orderComments, type ImportPlan, type PlannedComment, type PlannedPost } from './import-plan.js';
import { namespacePrefixes, readXmlFile, text } from './xml-file.js';

/**
 * WordPress eXtended RSS (WXR 1.0, 1.1, 1.2; `http://` or `https://` wordpress.org namespace) → an import plan.
 * Our own `blog export wxr` says so in <generator>: its bodies are our markdown and go in unchanged.
 */
export const OUR_GENERATOR = 'serverless-blog-backend';
const WXR_NAMESPACE = /^https?:\/\/wordpress\.org\/export\/([^/]+)\/?$/;
const SUPPORTED_VERSIONS = ['1.0', '1.1', '1.2'];
const MAX_TAGS = 10;
const COMMENT_STATUS: Record<string, PlannedComment['status']> = {
  '1': 'approved',
  '0': 'pending',
  spam: 'spam',
  trash: 'trash',
  'post-trashed': 'trash',
};

/** "2024-01-02 03:04:05" (UTC) → ISO; WordPress writes zeros for "never". */
function wpDate(gmt: string, local?: string): string | undefined {
  for (const value of [gmt, local]) {
    const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d{1,3})?/.exec(value?.trim() ?? '');
    if (m && m[1] !== '0000')
      return new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${m[7] ?? ''}Z`).toISOString();
  }
  return undefined;
}

function safeDecode(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

const decodedSlug = (raw: string): string => slugify(safeDecode(raw));

export function readWordPress(file: string, now = new Date()): ImportPlan {
  const doc = readXmlFile(file, ['item', 'category', 'comment', 'postmeta', 'commentmeta', 'author']);
  const rss = doc.rss;
  if (!rss || typeof rss !== 'object' || !rss.channel)
    throw new UsageError(`${file}: not a WordPress export (no <rss><channel>)`);
  const prefixes = namespacePrefixes(rss);
  const wxr = [...prefixes].find(([uri]) => WXR_NAMESPACE.test(uri));
  if (!wxr) throw new UsageError(`${file}: not a WordPress export (no wordpress.org/export namespace on <rss>)`);
  const version = WXR_NAMESPACE.exec(wxr[0])![1];
  if (!SUPPORTED_VERSIONS.includes(version))
    throw new UsageError(
      `${file}: WXR version ${version} is not supported (supported: ${SUPPORTED_VERSIONS.join(', ')})`,
    );
  const wp = (name: string) => `${wxr[1]}:${name}`;
  const ns = (pattern: RegExp, fallback: string) => [...prefixes].find(([uri]) => pattern.test(uri))?.[1] ?? fallback;
  const content = `${ns(/purl\.org\/rss\/1\.0\/modules\/content/, 'content')}:encoded`;
  const creator = `${ns(/purl\.org\/dc\/elements\/1\.1/, 'dc')}:creator`;

  const channel = rss.channel;
  const ours = text(channel.generator).includes(OUR_GENERATOR);
  const site = text(channel[wp('base_blog_url')]) || text(channel.link) || 'unknown-site';
  const authorIds = new Map<string, string>(
    (channel[wp('author')] ?? []).map((a: Record<string, unknown>) => [
      text(a[wp('author_login')]),
      text(a[wp('author_id')]),
    ]),
  );
  const plan: ImportPlan = { source: `wordpress:${site.replace(/\/+$/, '')}`, posts: [], skipped: [] };
  const slugs = new Set<string>();
  const items: Record<string, unknown>[] = Array.isArray(channel.item) ? channel.item : [];

  for (const item of items) {
    const id = text(item[wp('post_id')]);
    const title = text(item.title).trim();
    const label = `${text(item[wp('post_type')]) || 'item'} ${id} "${title}"`;
    const type = text(item[wp('post_type')]) || 'post';
    if (type !== 'post') {
      plan.skipped.push({ item: label, reason: `${type}s are not imported` });
      continue;
    }
    const wpStatus = text(item[wp('status')]) || 'draft';
    if (['trash', 'auto-draft', 'inherit'].includes(wpStatus)) {
      plan.skipped.push({ item: label, reason: `status "${wpStatus}"` });
      continue;
    }
    const notes: string[] = [];
    const date = wpDate(text(item[wp('post_date_gmt')]), text(item[wp('post_date')]));
    const createdAt = date ?? now.toISOString();
    let status: PlannedPost['status'] = 'draft';
    let publishedAt: string | undefined;
    let publishAt: string | undefined;
    const password = text(item[wp('post_password')]);
    if (password) notes.push('password-protected: kept as a draft');
    else if (wpStatus === 'private') notes.push('private: kept as a draft');
    else if (wpStatus === 'publish') [status, publishedAt] = ['published', createdAt];
    else if (wpStatus === 'future' && date && Date.parse(date) > now.getTime())
      [status, publishAt] = ['scheduled', date];
    else if (wpStatus === 'future') [status, publishedAt] = ['published', createdAt];
    else if (wpStatus === 'pending') notes.push('pending review: kept as a draft');

    const postName = text(item[wp('post_name')]).trim();
    const wanted = decodedSlug(postName) || slugify(title) || `post-${slugify(id) || plan.posts.length + 1}`;
    if (postName && decodedSlug(postName) !== safeDecode(postName))
      notes.push(`slug "${safeDecode(postName)}" is not a-z0-9 and hyphens: now "${wanted}"`);
    let slug = wanted;
    for (let n = 2; slugs.has(slug); n++) slug = withSuffix(wanted, n);
    if (slug !== wanted) notes.push(`slug "${wanted}" is used twice in the file: this one is "${slug}"`);
    slugs.add(slug);

    const categories: Record<string, unknown>[] = Array.isArray(item.category) ? item.category : [];
    const allTags = [
      ...new Set(
        categories
          .filter((c) =>
            ['category', 'post_tag', 'tag', ''].includes(String((c as Record<string, unknown>)['@domain'] ?? '')),
          )
          .map((c) => slugify(text(c) || safeDecode(String((c as Record<string, unknown>)['@nicename'] ?? '')), 40))
          .filter((t) => t && t !== 'uncategorized'),
      ),
    ];
    if (allTags.length > MAX_TAGS) notes.push(`${allTags.length} tags and categories: the first ${MAX_TAGS} kept`);

    const rawBody = text(item[content]);
    const postAuthorId = authorIds.get(text(item[creator]));
    const comments = readComments(item, wp, label, ours, postAuthorId, plan);
    plan.posts.push({
      originalId: `post:${id}`,
      slug,
      title: (title || 'Untitled').slice(0, 200),
      body: ours ? rawBody : wordpressBody(rawBody),
      tags: allTags.slice(0, MAX_TAGS),
      status,
      createdAt,
      ...(publishedAt ? { publishedAt } : {}),
      ...(publishAt ? { publishAt } : {}),
      commentsOpen: text(item[wp('comment_status')]) !== 'closed',
      notes,
      comments,
    });
  }
  return plan;
}

function readComments(
  item: Record<string, unknown>,
  wp: (n: string) => string,
  label: string,
  ours: boolean,
  postAuthorId: string | undefined,
  plan: ImportPlan,
): PlannedComment[] {
  const comments: PlannedComment[] = [];
  for (const c of (item[wp('comment')] ?? []) as Record<string, unknown>[]) {
    const id = text(c[wp('comment_id')]);
    const type = text(c[wp('comment_type')]) || 'comment';
    const where = `comment ${id} on ${label}`;
    if (type !== 'comment') {
      plan.skipped.push({
        item: where,
        reason: type === 'note' ? 'editor notes are never published' : `${type}s are never published`,
      });
      continue;
    }
    const body = text(c[wp('comment_content')]).trim();
    if (!body) {
      plan.skipped.push({ item: where, reason: 'empty comment' });
      continue;
    }
    const parent = text(c[wp('comment_parent')]);
    const userId = text(c[wp('comment_user_id')]);
    const email = text(c[wp('comment_author_email')]).trim();
    const url = text(c[wp('comment_author_url')]).trim();
    comments.push({
      originalId: `comment:${id}`,
      ...(parent && parent !== '0' ? { parentOriginalId: `comment:${parent}` } : {}),
      authorName: text(c[wp('comment_author')]).trim(),
      ...(email ? { authorEmail: email } : {}),
      ...(url ? { authorUrl: url } : {}),
      // Our own export carries each comment's sanitized HTML, paragraphs included.
      format: 'html',
      body: ours ? body : addParagraphs(body),
      status: COMMENT_STATUS[text(c[wp('comment_approved')])] ?? 'pending',
      createdAt: wpDate(text(c[wp('comment_date_gmt')]), text(c[wp('comment_date')])) ?? new Date(0).toISOString(),
      isPostAuthor: Boolean(postAuthorId && userId && userId !== '0' && userId === postAuthorId),
    });
  }
  return orderComments(comments);
}
