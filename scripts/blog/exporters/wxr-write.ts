import { XMLBuilder } from 'fast-xml-parser';
import { OUR_GENERATOR } from '../importers/wordpress.js';
import type { BlogExport, ExportedComment, ExportedPost } from './collect.js';

/**
 * Our blog as WXR 1.2, readable by WordPress's importer and by `blog import wordpress`. <generator> names us, so
 * our own importer takes post bodies as our markdown; comments are exported as their sanitized HTML.
 */
const OWNER_ID = '1';
const OWNER_LOGIN = 'owner';
const WP_STATUS = { published: 'publish', draft: 'draft', scheduled: 'future' } as const;
const COMMENT_APPROVED = { approved: '1', pending: '0', spam: 'spam', trash: 'trash' } as const;

/** WordPress's "YYYY-MM-DD HH:MM:SS" in UTC; milliseconds are kept when there are any (our importer reads them). */
export function wpDate(iso: string): string {
  const [date, time] = iso.replace(/Z$/, '').split('T');
  return `${date} ${time.replace(/\.000$/, '')}`;
}

const cdata = (value: string) => ({ __cdata: value });

function commentNode(comment: ExportedComment) {
  return {
    'wp:comment_id': comment.id,
    'wp:comment_author': cdata(comment.author.name),
    'wp:comment_author_email': cdata(comment.authorEmail ?? ''),
    'wp:comment_author_url': comment.author.url ?? '',
    'wp:comment_date': cdata(wpDate(comment.createdAt)),
    'wp:comment_date_gmt': cdata(wpDate(comment.createdAt)),
    'wp:comment_content': cdata(comment.html),
    'wp:comment_approved': cdata(COMMENT_APPROVED[comment.status]),
    'wp:comment_type': cdata('comment'),
    'wp:comment_parent': comment.parentId ?? '0',
    'wp:comment_user_id': comment.author.isPostAuthor ? OWNER_ID : '0',
  };
}

function itemNode(post: ExportedPost, site: string) {
  const date = post.publishedAt ?? post.publishAt ?? post.updatedAt;
  return {
    title: cdata(post.title),
    link: `${site}/posts/${post.slug}`,
    'dc:creator': cdata(OWNER_LOGIN),
    guid: { '@isPermaLink': 'false', '#text': `${site}/posts/${post.id}` },
    'content:encoded': cdata(post.body),
    'excerpt:encoded': cdata(''),
    'wp:post_id': post.id,
    'wp:post_date': cdata(wpDate(date)),
    'wp:post_date_gmt': cdata(wpDate(date)),
    'wp:comment_status': cdata(post.commentsOpen ? 'open' : 'closed'),
    'wp:post_name': cdata(post.slug),
    'wp:status': cdata(WP_STATUS[post.status]),
    'wp:post_parent': '0',
    'wp:post_type': cdata('post'),
    'wp:post_password': cdata(''),
    category: post.tags.map((tag) => ({ '@domain': 'post_tag', '@nicename': tag, __cdata: tag })),
    'wp:comment': post.comments.map(commentNode),
  };
}

export function toWxr(blog: BlogExport, title: string): string {
  const builder = new XMLBuilder({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    cdataPropName: '__cdata',
    format: false,
    suppressEmptyNode: false,
  });
  const authorName = blog.posts[0]?.author.name ?? 'Blog Author';
  const xml = builder.build({
    rss: {
      '@version': '2.0',
      '@xmlns:excerpt': 'http://wordpress.org/export/1.2/excerpt/',
      '@xmlns:content': 'http://purl.org/rss/1.0/modules/content/',
      '@xmlns:wfw': 'http://wellformedweb.org/CommentAPI/',
      '@xmlns:dc': 'http://purl.org/dc/elements/1.1/',
      '@xmlns:wp': 'http://wordpress.org/export/1.2/',
      channel: {
        title,
        link: blog.site,
        description: '',
        pubDate: new Date(blog.exportedAt).toUTCString(),
        language: 'en',
        'wp:wxr_version': '1.2',
        'wp:base_site_url': blog.site,
        'wp:base_blog_url': blog.site,
        'wp:author': {
          'wp:author_id': OWNER_ID,
          'wp:author_login': cdata(OWNER_LOGIN),
          'wp:author_display_name': cdata(authorName),
        },
        generator: `${OUR_GENERATOR} (blog export wxr)`,
        item: blog.posts.map((post) => itemNode(post, blog.site)),
      },
    },
  });
  // One line on purpose: WordPress's importer reads element text as is, so indentation would leak into values.
  return `<?xml version="1.0" encoding="UTF-8" ?>\n${xml}\n`;
}
