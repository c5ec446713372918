import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runBlogCli } from '../support/blog-cli.js';
import { api, runtime, uniqueSlug } from '../support/index.js';

/** `blog posts …` as a child process against the shared local runtime. */
let env: Record<string, string>;
beforeAll(() => {
  // No --token: against a local API the command mints its own admin token from the runtime's secret.
  env = { BLOG_API: runtime().url, ADMIN_JWT_SECRET: runtime().adminSecret };
});

const blog = (...args: string[]) => runBlogCli(args, env);
const adminPost = async (slug: string) => {
  const list = await api(`/admin/posts?limit=50`, { admin: true });
  const summary = list.json.items.find((p: { slug: string }) => p.slug === slug);
  return summary ? (await api(`/admin/posts/${summary.id}`, { admin: true })).json : undefined;
};

const postFile = (fields: string, body: string) => `---\n${fields}\n---\n\n${body}\n`;

describe('blog posts push / pull / list', () => {
  it('creates from a directory, prints permalinks, writes nothing for an unchanged file and updates a changed one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'posts-'));
    const first = uniqueSlug('cli-first');
    const second = uniqueSlug('cli-second');
    writeFileSync(
      join(dir, `${first}.md`),
      postFile('title: First from the CLI\ntags: [cli, Notes]\nstatus: published', 'Hello **from** a file.'),
    );
    writeFileSync(
      join(dir, 'second.md'),
      postFile(`title: Second\nslug: ${second}\nstatus: draft\ncommentsOpen: false`, 'Draft body.'),
    );
    writeFileSync(join(dir, 'ignored.txt'), 'not markdown');

    const pushed = await blog('posts', 'push', dir);
    expect(pushed.code, pushed.stderr).toBe(0);
    // A published post's permalink is its page (issue 13); a draft has none and shows its API resource.
    expect(pushed.stdout).toMatch(new RegExp(`created  ${runtime().url}/\\d{4}/\\d{2}/\\d{2}/${first}/`));
    expect(pushed.stdout).toMatch(new RegExp(`created .*${second}`));
    const published = await api(`/posts/${first}`);
    expect(published.json).toMatchObject({
      title: 'First from the CLI',
      tags: ['cli', 'notes'],
      html: '<p>Hello <strong>from</strong> a file.</p>',
    });
    expect(await adminPost(second)).toMatchObject({ status: 'draft', commentsOpen: false });

    const again = await blog('posts', 'push', dir);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout.match(/^unchanged/gm)).toHaveLength(2);
    expect((await adminPost(first)).updatedAt).toBe(published.json.updatedAt);

    writeFileSync(
      join(dir, `${first}.md`),
      postFile('title: First, retitled\ntags: [cli, notes]\nstatus: published', 'Hello **from** a file.'),
    );
    const changed = await blog('posts', 'push', '--dry-run', join(dir, `${first}.md`));
    expect(changed.stdout).toContain('updated (dry run)');
    expect((await api(`/posts/${first}`)).json.title).toBe('First from the CLI');
    const updated = await blog('posts', 'push', join(dir, `${first}.md`));
    expect(updated.code, updated.stderr).toBe(0);
    expect((await api(`/posts/${first}`)).json.title).toBe('First, retitled');
  });

  it('pulls posts as files that push back without a single write', async () => {
    const slug = uniqueSlug('cli-pull');
    const body = 'Line one  \nwith a *hard* break.\n\n- a list\n- of two\n\n```\ncode: "quoted"\n```';
    await api('/admin/posts', {
      admin: true,
      json: { title: 'Pulled: a title with "quotes"', slug, body, tags: ['x'], status: 'published' },
    });
    const out = mkdtempSync(join(tmpdir(), 'pull-'));

    const pulled = await blog('posts', 'pull', slug, 'no-such-slug-here', '--out', out);
    expect(pulled.code).toBe(1);
    expect(pulled.stderr).toContain('no-such-slug-here: no post with this slug');
    expect(readdirSync(out)).toEqual([`${slug}.md`]);
    const text = readFileSync(join(out, `${slug}.md`), 'utf8');
    expect(text).toMatch(/^---\ntitle: 'Pulled: a title with "quotes"'\nslug: /);
    const before = await adminPost(slug);

    const pushed = await blog('posts', 'push', out);
    expect(pushed.code, pushed.stderr).toBe(0);
    expect(pushed.stdout).toMatch(/^unchanged/);
    expect((await adminPost(slug)).updatedAt).toBe(before.updatedAt);
  });

  it('lists posts as a table and as JSON', async () => {
    const slug = uniqueSlug('cli-list');
    await api('/admin/posts', { admin: true, json: { title: 'Listed draft', slug, body: 'x', status: 'draft' } });
    const asTable = await blog('posts', 'list', '--status', 'draft');
    expect(asTable.code).toBe(0);
    expect(asTable.stdout.split('\n')[0]).toMatch(/^status\s+slug\s+title/);
    expect(asTable.stdout).toMatch(new RegExp(`draft\\s+${slug}\\s+Listed draft`));
    const asJson = await blog('--json', 'posts', 'list', '--status', 'draft');
    const items = JSON.parse(asJson.stdout) as { slug: string; status: string }[];
    expect(items.find((p) => p.slug === slug)).toMatchObject({ status: 'draft' });
    expect(items.every((p) => p.status === 'draft')).toBe(true);
  });

  it('exits 2 and writes nothing for bad front matter, a missing path or bad usage', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bad-'));
    const good = uniqueSlug('cli-good');
    writeFileSync(join(dir, `${good}.md`), postFile('title: Fine', 'ok'));
    writeFileSync(join(dir, 'broken.md'), '---\ntitle: [unclosed\n---\nbody\n');
    const broken = await blog('posts', 'push', dir);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/broken\.md: line \d+:/);
    expect(await adminPost(good)).toBeUndefined();

    const unknownField = join(dir, 'unknown.md');
    writeFileSync(unknownField, postFile('title: T\ncolour: red', 'x'));
    expect((await blog('posts', 'push', unknownField)).stderr).toContain('unknown front matter field(s): colour');

    const missing = await blog('posts', 'push', join(dir, 'nope.md'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such file or directory');
    expect((await blog('posts', 'list', '--status', 'gone')).code).toBe(2);
    expect((await blog('posts', 'frobnicate')).code).toBe(2);
    const noToken = await runBlogCli(['posts', 'list', '--api', 'https://blog.example.invalid']);
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain('blog login');
  });

  it('reports a post the API refuses as a partial failure and still pushes the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'partial-'));
    const good = uniqueSlug('cli-ok');
    writeFileSync(join(dir, `${good}.md`), postFile('title: Good one\nstatus: draft', 'fine'));
    writeFileSync(join(dir, 'z-bad.md'), postFile('title: Bad tags\ntags: ["not a tag!"]', 'x'));
    const result = await blog('posts', 'push', dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/z-bad\.md: 400 validation_failed: .*tags/);
    expect(await adminPost(good)).toMatchObject({ title: 'Good one' });
  });
});
