import { describe, expect, it } from 'vitest';
import { postPatch } from '../../scripts/blog/commands/posts.js';
import { formatPostFile, parsePostFile } from '../../scripts/blog/front-matter.js';
import { addParagraphs, stripShortcodes } from '../../scripts/blog/importers/html-paragraphs.js';
import { orderComments, type PlannedComment } from '../../scripts/blog/importers/import-plan.js';
import { wpDate } from '../../scripts/blog/exporters/wxr-write.js';
import { progress } from '../../scripts/blog/output.js';

describe('post files', () => {
  it('round-trips front matter and body', () => {
    const text = formatPostFile({
      title: 'A: "quoted" title',
      slug: 'a',
      tags: ['x', 'y'],
      status: 'scheduled',
      publishAt: '2030-01-01T00:00:00.000Z',
      commentsOpen: false,
      body: '# Hi\n\n---\n\ntext\n\n',
    });
    expect(parsePostFile(text, 'a.md')).toEqual({
      title: 'A: "quoted" title',
      slug: 'a',
      tags: ['x', 'y'],
      status: 'scheduled',
      publishAt: '2030-01-01T00:00:00.000Z',
      commentsOpen: false,
      body: '# Hi\n\n---\n\ntext',
    });
  });

  it.each([
    ['no front matter', 'just text', /line 1: expected front matter/],
    ['no closing line', '---\ntitle: x\n', /no closing "---"/],
    ['bad YAML', '---\ntitle: [x\n---\n', /line \d+:/],
    ['a list', '---\n- a\n---\n', /must be a mapping/],
    ['bad status', '---\nstatus: live\n---\n', /status must be/],
  ])('rejects %s', (_what, text, message) => {
    expect(() => parsePostFile(text, 'f.md')).toThrow(message);
  });

  it('patches only what differs from the stored post', () => {
    const stored = {
      id: 'P',
      slug: 's',
      title: 'T',
      body: 'b\n',
      tags: ['a'],
      status: 'published' as const,
      publishAt: null,
      publishedAt: 'x',
      commentsOpen: true,
      commentCount: 0,
      likeCount: 0,
    };
    expect(postPatch({ title: 'T', body: 'b', tags: ['A'] }, stored)).toEqual({});
    expect(postPatch({ title: 'New', body: 'b2', commentsOpen: false }, stored)).toEqual({
      title: 'New',
      body: 'b2',
      commentsOpen: false,
    });
  });
});

describe('WordPress bodies', () => {
  it('adds paragraphs and line breaks but leaves block HTML and <pre> alone', () => {
    expect(addParagraphs('one\ntwo\n\n<ul>\n<li>x</li>\n</ul>\n\n<pre>a\n\nb</pre>\n\nlast')).toBe(
      '<p>one<br />\ntwo</p>\n\n<ul>\n<li>x</li>\n</ul>\n\n<pre>a\n\nb</pre>\n\n<p>last</p>',
    );
  });

  it('keeps the inner text of unknown shortcodes and drops media ones', () => {
    expect(stripShortcodes('[outer a="1"][inner]text[/inner][/outer] [gallery ids="1"] [spacer /] [1] footnote')).toBe(
      'text   [1] footnote',
    );
  });

  it('writes WordPress dates, keeping milliseconds only when there are some', () => {
    expect(wpDate('2023-10-02T08:15:00.000Z')).toBe('2023-10-02 08:15:00');
    expect(wpDate('2023-10-02T08:15:00.123Z')).toBe('2023-10-02 08:15:00.123');
  });
});

describe('comment order', () => {
  const c = (originalId: string, createdAt: string, parentOriginalId?: string): PlannedComment => ({
    originalId,
    createdAt,
    parentOriginalId,
    authorName: '',
    format: 'html',
    body: 'x',
    status: 'approved',
  });
  it('puts parents before replies even when a reply is dated earlier, oldest first otherwise', () => {
    const ordered = orderComments([
      c('3', '2020-01-03'),
      c('2', '2020-01-01', '4'),
      c('4', '2020-01-02'),
      c('1', '2020-01-01'),
    ]);
    expect(ordered.map((x) => x.originalId)).toEqual(['1', '4', '2', '3']);
  });
  it('survives a parent cycle', () => {
    expect(
      orderComments([c('a', '2020-01-01', 'b'), c('b', '2020-01-02', 'a')])
        .map((x) => x.originalId)
        .sort(),
    ).toEqual(['a', 'b']);
  });
});

describe('progress', () => {
  const stream = (isTTY: boolean) => {
    const written: string[] = [];
    const s = {
      isTTY,
      columns: 80,
      write: (chunk: string) => {
        written.push(chunk);
        return true;
      },
      cursorTo: () => true,
      clearLine: () => true,
      moveCursor: () => true,
      on: () => s,
      removeListener: () => s,
    };
    return { s: s as unknown as NodeJS.WriteStream, written };
  };

  it('draws a bar on a terminal', () => {
    const { s, written } = stream(true);
    const bar = progress('posts', 4, s);
    bar.tick(2);
    bar.stop();
    expect(written.join('')).toMatch(/posts \[[█░]+\] 2\/4/);
  });

  it('prints one plain line per step otherwise', () => {
    const { s, written } = stream(false);
    const bar = progress('comments', 3, s);
    bar.tick(1);
    bar.tick(1);
    bar.tick(3);
    expect(written).toEqual(['comments 1/3\n', 'comments 3/3\n']);
  });
});
