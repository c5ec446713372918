import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWordPress } from '../../scripts/blog/importers/wordpress.js';
import { runBlogCli } from '../support/blog-cli.js';
import { startIsolatedRuntime, type IsolatedRuntime } from '../support/index.js';
import { settledTableSnapshot } from '../support/table-snapshot.js';
import { REPO_ROOT } from '../support/runtime-process.js';

/** `blog import wordpress` as a child process into an empty runtime of this file's own. */
const FIXTURES = join(REPO_ROOT, 'test/fixtures/wordpress');
let rt: IsolatedRuntime;

beforeAll(async () => {
  rt = await startIsolatedRuntime({ env: { COMMENT_RATE_LIMIT: '0' } });
});
afterAll(async () => rt?.stop());

const blog = (...args: string[]) => runBlogCli(['--api', rt.url, '--token', rt.adminToken, ...args]);

const tableSnapshot = () => settledTableSnapshot(rt);

const adminComments = async (status: string) =>
  (await rt.api(`/admin/comments?status=${status}&limit=100`, { admin: true })).json.items as {
    body: string;
    authorEmail: string | null;
    createdAt: string;
  }[];

describe('blog import wordpress', () => {
  it('exits 2 and writes nothing for a missing file, malformed XML or an unknown WXR version', async () => {
    const before = await tableSnapshot();
    const missing = await blog('import', 'wordpress', join(FIXTURES, 'nope.xml'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.xml: no such file');
    const malformed = await blog('import', 'wordpress', join(FIXTURES, 'malformed.xml'));
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toMatch(/malformed\.xml: line \d+, column \d+: malformed XML/);
    const version = await blog('import', 'wordpress', join(FIXTURES, 'unknown-version.xml'));
    expect(version.code).toBe(2);
    expect(version.stderr).toContain('WXR version 2.0 is not supported');
    const dryRun = await blog('import', 'wordpress', '--dry-run', join(FIXTURES, 'threaded-1.2.xml'));
    expect(dryRun.code).toBe(0);
    expect(dryRun.stdout).toContain('would import 6 posts and 8 comments (dry run: nothing written)');
    expect(await tableSnapshot()).toEqual(before);
  });

  it('resumes an interrupted import, then keeps posts, threading, dates, statuses and counts', async () => {
    // An earlier run that stopped after the first post and two of its comments.
    const plan = readWordPress(join(FIXTURES, 'threaded-1.2.xml'));
    const { comments, notes: _notes, ...first } = plan.posts[0];
    const partial = await rt.api('/admin/import/posts', { admin: true, json: { source: plan.source, items: [first] } });
    expect(partial.json.results[0]).toMatchObject({ outcome: 'imported' });
    const postId = partial.json.results[0].id;
    await rt.api('/admin/import/comments', {
      admin: true,
      json: { source: plan.source, items: comments.slice(0, 2).map((c) => ({ ...c, postId })) },
    });

    const run = await blog('import', 'wordpress', join(FIXTURES, 'threaded-1.2.xml'));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('posts: 5 imported, 0 updated, 1 skipped');
    expect(run.stdout).toContain('comments: 6 imported, 0 updated, 2 skipped');
    expect(run.stdout).toMatch(
      /1 × pingbacks are never published; 1 × trackbacks are never published; 1 × editor notes are never published; 1 × pages are not imported; 1 × attachments are not imported/,
    );
    expect(run.stdout).toContain('members-seed-list: password-protected: kept as a draft');
    expect(run.stderr).toMatch(/comments 8\/8/);

    const post = (await rt.api('/posts/tomatoes-first-frost')).json;
    expect(post).toMatchObject({
      title: 'Tomatoes & the first frost',
      publishedAt: '2023-10-02T08:15:00.000Z',
      commentCount: 4,
      commentsOpen: true,
      tags: ['vegetables', 'frost', 'tomatoes'],
    });
    expect(post.html).toContain('<p>The frost came early this year.<br />\nWe covered the beds with fleece.</p>');
    expect(post.html).toContain('Frosty leaves');
    expect(post.html).toContain(']]&gt; and it goes on. Emoji 🍅🥶 too.');
    expect(post.html).toMatch(/<pre>if \(frost\) \{\n\n {2}cover\(beds\);\n\}<\/pre>/);
    expect(post.html).not.toMatch(/\[\/?(caption|gallery)/);

    const list = (await rt.api('/posts/tomatoes-first-frost/comments')).json.items;
    expect(list.map((c: { author: { name: string } }) => c.author.name)).toEqual([
      'Rosa',
      'سارا',
      'The Gardener',
      'Rosa',
    ]);
    expect(list.map((c: { createdAt: string }) => c.createdAt)).toEqual([
      '2023-10-02T10:00:00.000Z',
      '2023-10-02T11:00:00.000Z',
      '2023-10-02T13:00:00.000Z',
      '2023-10-02T14:30:00.000Z',
    ]);
    expect(list.map((c: { number: number }) => c.number)).toEqual([1, 2, 3, 4]);
    expect(list[2]).toMatchObject({
      parentId: list[0].id,
      author: { isPostAuthor: true, url: 'https://old-garden.example/' },
    });
    expect(list[3].parentId).toBe(list[2].id);
    expect(list.filter((c: { author: { isPostAuthor: boolean } }) => c.author.isPostAuthor)).toHaveLength(1);
    expect(list[0].html).toBe(
      '<p>Ours froze too.<br />\nAny tips for next year?</p>\n\n<p><strong>Fleece</strong> alone was not enough.</p>',
    );
    expect(list[1].html).toBe('<p>گوجه‌فرنگی‌های ما هم یخ زدند 🍅</p>');
    expect(JSON.stringify(list)).not.toMatch(/@example\.com|203\.0\.113/);

    expect((await adminComments('pending')).map((c) => c.body)).toEqual(['<p>Still waiting for moderation.</p>']);
    expect((await adminComments('spam')).map((c) => c.authorEmail)).toEqual(['spam@spam.example']);
    expect((await adminComments('trash')).map((c) => c.createdAt).sort()).toEqual([
      '2023-10-03T10:00:00.000Z',
      '2023-12-22T08:00:00.000Z',
    ]);

    const rtl = (await rt.api('/admin/posts?limit=50', { admin: true })).json.items as {
      slug: string;
      title: string;
      status: string;
      commentsOpen?: boolean;
    }[];
    const bySlug = new Map(rtl.map((p) => [p.slug, p]));
    expect(bySlug.get('post-102')).toMatchObject({ title: 'الحديقة في الشتاء', status: 'published' });
    expect((await rt.api('/posts/post-102')).json.commentsOpen).toBe(false);
    expect(bySlug.get('members-seed-list')?.status).toBe('draft');
    expect(bySlug.get('private-diary')?.status).toBe('draft');
    expect(bySlug.get('spring-plans')).toMatchObject({ status: 'scheduled', publishAt: '2099-03-01T09:00:00.000Z' });
    expect(bySlug.has('about')).toBe(false);
    expect((await rt.api('/posts/members-seed-list')).status).toBe(404);
    expect((await rt.api('/posts/private-diary')).status).toBe(404);
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = await tableSnapshot();
    const again = await blog('--json', 'import', 'wordpress', join(FIXTURES, 'threaded-1.2.xml'));
    expect(again.code, again.stderr).toBe(0);
    const summary = JSON.parse(again.stdout);
    expect(summary.posts).toEqual({ imported: 0, updated: 0, skipped: 6, failed: 0 });
    expect(summary.comments).toEqual({ imported: 0, updated: 0, skipped: 8, failed: 0 });
    expect(await tableSnapshot()).toEqual(before);
  });

  it('reads WXR 1.0 with the http namespace under another prefix', async () => {
    const run = await blog('import', 'wordpress', join(FIXTURES, 'minimal-1.0.xml'));
    expect(run.code, run.stderr).toBe(0);
    const post = (await rt.api('/posts/hello-2009')).json;
    expect(post).toMatchObject({ publishedAt: '2009-05-01T12:00:00.000Z', commentCount: 1, tags: ['old', 'ancient'] });
    expect(post.html).toBe('<p>First line<br />\nsecond line</p><p>Second paragraph.</p>');
  });

  it('fails only the post the API would refuse for its size (exit 1, listed) and imports the rest', async () => {
    const item = (id: number, slug: string, body: string) =>
      `<item><title>Post ${id}</title><content:encoded><![CDATA[${body}]]></content:encoded><wp:post_id>${id}</wp:post_id><wp:post_date_gmt>2020-01-0${id} 00:00:00</wp:post_date_gmt><wp:post_name>${slug}</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>`;
    const file = join(mkdtempSync(join(tmpdir(), 'wxr-')), 'big.xml');
    writeFileSync(
      file,
      `<?xml version="1.0"?><rss xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.1/"><channel><link>https://big.example</link>${item(1, 'too-long-post', 'word '.repeat(14_000))}${item(2, 'normal-size-post', 'Fine.')}</channel></rss>`,
    );
    const run = await blog('import', 'wordpress', file);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('post:1: body over 60000 characters');
    expect((await rt.api('/posts/too-long-post')).status).toBe(404);
    expect((await rt.api('/posts/normal-size-post')).json.title).toBe('Post 2');
  });
});
