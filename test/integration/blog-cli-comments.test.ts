import { beforeAll, describe, expect, it } from 'vitest';
import { runBlogCli } from '../support/blog-cli.js';
import { api, runtime, uniqueIp, uniqueSlug } from '../support/index.js';

/** `blog comments …` as a child process against the shared local runtime, with an explicit --token. */
let env: Record<string, string>;
beforeAll(() => {
  env = { BLOG_API: runtime().url };
});
const blog = (...args: string[]) => runBlogCli(['--token', runtime().adminToken, ...args], env);

async function postWithComments(bodies: string[], extra: Record<string, unknown> = {}) {
  const slug = uniqueSlug('cli-comments');
  const post = (
    await api('/admin/posts', { admin: true, json: { title: 'Comments here', slug, body: 'x', status: 'published' } })
  ).json;
  const ids: string[] = [];
  for (const body of bodies) {
    ids.push((await api(`/posts/${slug}/comments`, { json: { body, ...extra }, ip: uniqueIp() })).json.comment.id);
  }
  return { post, slug, ids };
}

describe('blog comments', () => {
  it('lists the queue and moderates, reporting an unknown id as a partial failure', async () => {
    // The author's email holds a guest comment, which fills the queue without changing settings.
    const { post, slug, ids } = await postWithComments(['one', 'two', 'three', 'four'], {
      authorEmail: 'author@example.com',
      authorName: 'Impostor',
    });
    const queue = await blog('--json', 'comments', 'list', '--status', 'pending', '--post', post.id);
    expect(queue.code, queue.stderr).toBe(0);
    const listed = JSON.parse(queue.stdout) as { id: string; status: string; author: { isPostAuthor: boolean } }[];
    expect(listed.map((c) => c.id).sort()).toEqual([...ids].sort());
    expect(listed.every((c) => c.status === 'pending' && !c.author.isPostAuthor)).toBe(true);
    const asTable = await blog('comments', 'list', '--post', post.id);
    expect(asTable.stdout).toMatch(new RegExp(`${ids[0]}\\s+pending\\s+\\S+\\s+Impostor\\s+one`));

    const approved = await blog('comments', 'approve', ids[0], ids[1], '01HX0000000000000000000000');
    expect(approved.code).toBe(1);
    expect(approved.stdout).toContain(`${ids[0]} approved`);
    expect(approved.stderr).toMatch(/01HX0000000000000000000000: 404 not_found/);
    expect((await blog('comments', 'spam', ids[2])).stdout).toContain(`${ids[2]} spam`);
    expect((await blog('comments', 'trash', ids[1])).code).toBe(0);
    expect((await blog('comments', 'delete', ids[3])).stdout).toContain(`${ids[3]} deleted`);

    const publicList = await api(`/posts/${slug}/comments`);
    expect(publicList.json.items.map((c: { id: string }) => c.id)).toEqual([ids[0]]);
    expect((await api(`/posts/${slug}`)).json.commentCount).toBe(1);
  });

  it('replies as the post author: only that comment carries the badge', async () => {
    const { slug, ids } = await postWithComments(['A question?']);
    const replied = await blog('comments', 'reply', ids[0], '--body', 'An **answer**.');
    expect(replied.code, replied.stderr).toBe(0);
    const replyId = /replied: (\S+)/.exec(replied.stdout)?.[1];
    const items = (await api(`/posts/${slug}/comments`)).json.items;
    expect(items).toHaveLength(2);
    expect(items[1]).toMatchObject({
      id: replyId,
      parentId: ids[0],
      number: 2,
      html: '<p>An <strong>answer</strong>.</p>',
      author: { isPostAuthor: true },
    });
    expect(items[0].author.isPostAuthor).toBe(false);
  });

  it('exits 2 for bad usage and refused input', async () => {
    expect((await blog('comments', 'reply', '01HX0000000000000000000000')).code).toBe(2);
    expect((await blog('comments', 'list', '--status', 'lost')).code).toBe(2);
    expect((await blog('comments', 'approve')).code).toBe(2);
    const badToken = await runBlogCli(['--token', 'not-a-jwt', 'comments', 'list'], env);
    expect(badToken.code).toBe(2);
    expect(badToken.stderr).toMatch(/401/);
  });
});
