import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBlogCli } from '../support/blog-cli.js';
import { startIsolatedRuntime, type IsolatedRuntime } from '../support/index.js';
import { REPO_ROOT } from '../support/runtime-process.js';

/** `blog import disqus` onto posts that exist, in a runtime of this file's own. */
const FIXTURES = join(REPO_ROOT, 'test/fixtures/disqus');
let rt: IsolatedRuntime;

beforeAll(async () => {
  rt = await startIsolatedRuntime();
  for (const slug of ['frost-notes', 'winter-garden']) {
    await rt.api('/admin/posts', { admin: true, json: { title: slug, slug, body: 'x', status: 'published' } });
  }
});
afterAll(async () => rt?.stop());

const blog = (...args: string[]) => runBlogCli(['--api', rt.url, '--token', rt.adminToken, ...args]);

describe('blog import disqus', () => {
  it('rejects a malformed file with its line and exit 2, writing nothing', async () => {
    const run = await blog('import', 'disqus', join(FIXTURES, 'malformed.xml'));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/malformed\.xml: line 2, column \d+: malformed XML/);
    expect((await rt.api('/posts/frost-notes')).json.commentCount).toBe(0);
  });

  it('matches threads by identifier or URL, reports the unmatched one, keeps orphans and skips deleted comments', async () => {
    const run = await blog('import', 'disqus', join(FIXTURES, 'export.xml'));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('comments: 5 imported, 0 updated, 0 skipped (unchanged or imported before), 0 failed');
    expect(run.stdout).not.toContain('posts:');
    expect(run.stdout).toContain('1 × deleted in Disqus; 1 × thread matches no post here');
    expect(run.stdout).toContain('comment:504: its parent is not in the import; kept as a top-level comment');

    const frost = (await rt.api('/posts/frost-notes/comments')).json.items;
    expect(frost.map((c: { author: { name: string } }) => c.author.name)).toEqual(['Mia', 'Leo', 'Orphan Olga']);
    // Leo answered a deleted comment: his reply now answers the comment above it.
    expect(frost[1]).toMatchObject({
      parentId: frost[0].id,
      createdAt: '2023-10-02T10:00:00.000Z',
      html: '<p>Replying to the deleted one.<br />\nSecond line.</p>',
    });
    expect(frost[2].parentId).toBeNull();
    expect((await rt.api('/posts/frost-notes')).json.commentCount).toBe(3);
    const spam = (await rt.api('/admin/comments?status=spam', { admin: true })).json.items;
    expect(spam.map((c: { authorEmail: string }) => c.authorEmail)).toEqual(['spam@spam.example']);
    const winter = (await rt.api('/posts/winter-garden/comments')).json.items;
    expect(winter).toMatchObject([{ author: { name: 'Dana' }, html: '<p>שלום! Winter is lovely 🌨️</p>' }]);
    expect(JSON.stringify([frost, winter])).not.toMatch(/example\.com|198\.51/);

    const again = await blog('--json', 'import', 'disqus', join(FIXTURES, 'export.xml'));
    expect(JSON.parse(again.stdout).comments).toEqual({ imported: 0, updated: 0, skipped: 5, failed: 0 });
    expect((await rt.api('/posts/frost-notes')).json.commentCount).toBe(3);
  });
});
