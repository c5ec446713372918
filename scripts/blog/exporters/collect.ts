import type { CommandContext } from '../context.js';
import { progress } from '../output.js';

/** Everything the admin API knows, read for an export: every post in every status, every comment in every status. */
export interface ExportedComment {
  id: string;
  postId: string;
  parentId: string | null;
  status: 'pending' | 'approved' | 'spam' | 'trash';
  body: string;
  html: string;
  createdAt: string;
  authorEmail: string | null;
  author: { name: string; url: string | null; isPostAuthor: boolean };
}

export interface ExportedPost {
  id: string;
  slug: string;
  title: string;
  body: string;
  html: string;
  tags: string[];
  status: 'draft' | 'published' | 'scheduled';
  publishAt: string | null;
  publishedAt: string | null;
  updatedAt: string;
  commentsOpen: boolean;
  commentCount: number;
  author: { name: string };
  comments: ExportedComment[];
}

export interface BlogExport {
  generator: string;
  site: string;
  exportedAt: string;
  posts: ExportedPost[];
}

const COMMENT_STATUSES = ['approved', 'pending', 'spam', 'trash'] as const;

export async function collectBlog(context: CommandContext, generator: string): Promise<BlogExport> {
  const summaries = await context.api.all<{ id: string }>('/admin/posts', { limit: '50' });
  const bar = progress('reading posts', summaries.length);
  const posts: ExportedPost[] = [];
  for (const summary of summaries) {
    const { body } = await context.api.get<Omit<ExportedPost, 'comments'>>(`/admin/posts/${summary.id}`);
    posts.push({ ...body, comments: [] });
    bar.tick(posts.length);
  }
  bar.stop();
  const byId = new Map(posts.map((p) => [p.id, p]));
  for (const status of COMMENT_STATUSES) {
    for (const comment of await context.api.all<ExportedComment>('/admin/comments', { status, limit: '100' }))
      byId.get(comment.postId)?.comments.push(comment);
  }
  for (const post of posts)
    post.comments.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  posts.sort((a, b) =>
    (a.publishedAt ?? a.publishAt ?? a.updatedAt).localeCompare(b.publishedAt ?? b.publishAt ?? b.updatedAt),
  );
  return { generator, site: context.apiUrl, exportedAt: new Date().toISOString(), posts };
}
