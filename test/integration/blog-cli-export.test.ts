import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBlogCli } from '../support/blog-cli.js';
import { startIsolatedRuntime, type IsolatedRuntime } from '../support/index.js';
import { REPO_ROOT } from '../support/runtime-process.js';

/** Import → export → import into an empty runtime: the same blog. Both runtimes are this file's own. */
let source: IsolatedRuntime;
let target: IsolatedRuntime;

beforeAll(async () => {
  [source, target] = await Promise.all([startIsolatedRuntime(), startIsolatedRuntime()]);
});
afterAll(async () => Promise.all([source?.stop(), target?.stop()]));

const blog = (rt: IsolatedRuntime, ...args: string[]) =>
  runBlogCli(['--api', rt.url, '--token', rt.adminToken, ...args]);

/** Every post and comment as the admin API shows it, with ids replaced by positions so two runtimes compare. */
async function snapshot(rt: IsolatedRuntime) {
  const posts = (await rt.api('/admin/posts?limit=50', { admin: true })).json.items as { id: string }[];
  const full = await Promise.all(posts.map(async (p) => (await rt.api(`/admin/posts/${p.id}`, { admin: true })).json));
  const comments: any[] = [];
  for (const status of ['approved', 'pending', 'spam', 'trash'])
    comments.push(...(await rt.api(`/admin/comments?status=${status}&limit=100`, { admin: true })).json.items);
  comments.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const position = new Map(comments.map((c, i) => [c.id, i]));
  const slugOf = new Map(full.map((p) => [p.id, p.slug]));
  return {
    posts: full
      .map((p) => ({
        slug: p.slug,
        title: p.title,
        html: p.html,
        body: p.body,
        tags: p.tags,
        status: p.status,
        publishedAt: p.publishedAt,
        publishAt: p.publishAt,
        commentsOpen: p.commentsOpen,
        commentCount: p.commentCount,
      }))
      .sort((a, b) => a.slug.localeCompare(b.slug)),
    comments: comments.map((c) => ({
      post: slugOf.get(c.postId),
      parent: c.parentId ? position.get(c.parentId) : null,
      status: c.status,
      createdAt: c.createdAt,
      html: c.html,
      author: c.author,
      authorEmail: c.authorEmail,
    })),
    publicOrder: await Promise.all(
      full
        .filter((p) => p.status === 'published')
        .map(async (p) =>
          (await rt.api(`/posts/${p.slug}/comments`)).json.items.map((c: { number: number; createdAt: string }) => [
            c.number,
            c.createdAt,
          ]),
        ),
    ),
  };
}

describe('blog export', () => {
  it('exports WXR and JSON that restore the same posts, comments, order, threading, dates and counts', async () => {
    const imported = await blog(
      source,
      'import',
      'wordpress',
      join(REPO_ROOT, 'test/fixtures/wordpress/threaded-1.2.xml'),
    );
    expect(imported.code, imported.stderr).toBe(0);
    // A native post and an owner's reply join the imported ones.
    const native = (
      await source.api('/admin/posts', {
        admin: true,
        json: {
          title: 'Native',
          slug: 'native-post',
          body: '# Heading\n\nSome *markdown* & ]]> text',
          tags: ['x'],
          status: 'published',
        },
      })
    ).json;
    const guest = (
      await source.api('/posts/native-post/comments', {
        json: { authorName: 'Guest', authorEmail: 'g@example.com', body: 'Nice **post**' },
      })
    ).json.comment;
    await source.api('/admin/comments', { admin: true, json: { parentId: guest.id, body: 'Thanks!' } });

    const dir = mkdtempSync(join(tmpdir(), 'export-'));
    const wxr = await blog(source, 'export', 'wxr', '--out', join(dir, 'blog.xml'));
    expect(wxr.code, wxr.stderr).toBe(0);
    expect(wxr.stderr).toContain('wrote WXR 1.2 (7 posts, 10 comments)');
    const json = await blog(source, 'export', 'json');
    const exported = JSON.parse(json.stdout);
    expect(exported.posts.find((p: { slug: string }) => p.slug === 'native-post')).toMatchObject({
      id: native.id,
      body: '# Heading\n\nSome *markdown* & ]]> text',
      comments: [{ author: { name: 'Guest' } }, { author: { isPostAuthor: true } }],
    });
    expect(readFileSync(join(dir, 'blog.xml'), 'utf8')).toContain(']]]]><![CDATA[>');

    const restored = await blog(target, 'import', 'wordpress', join(dir, 'blog.xml'));
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toContain('posts: 7 imported');
    expect(restored.stdout).toContain('comments: 10 imported');
    const [before, after] = [await snapshot(source), await snapshot(target)];
    expect(before.posts).toHaveLength(7);
    expect(before.comments).toHaveLength(10);
    expect(before.publicOrder.flat()).toHaveLength(6);
    expect(after).toEqual(before);
    expect(after.comments.filter((c) => c.author.isPostAuthor)).toHaveLength(2);

    const again = await blog(target, 'import', 'wordpress', join(dir, 'blog.xml'));
    expect(again.stdout).toContain('posts: 0 imported, 0 updated, 7 skipped');
    expect(await snapshot(target)).toEqual(after);
  });
});
