import { describe, expect, it } from 'vitest';
import {
  nestComments,
  toAdminComment,
  toPublicComment,
  type Comment,
  type PublicComment,
} from '../../shared/domain/comment.js';
import { cleanAuthorName, HONEYPOT_FIELD, parseCommentInput } from '../../shared/domain/comment-input.js';
import {
  commentsClosed,
  isPostAuthor,
  moderate,
  needsCommenterLookup,
  type ModerationPolicy,
  type ModerationSubject,
} from '../../shared/domain/moderation.js';
import { renderComment } from '../../shared/domain/render-comment.js';
import {
  avatarUrlFor,
  duplicateFingerprint,
  emailHash,
  likeVisitorHash,
  visitorHash,
} from '../../shared/domain/visitor.js';

const policy: ModerationPolicy = {
  maxLinks: 2,
  moderationWords: [],
  disallowedWords: [],
  holdAll: false,
  holdFirstTime: false,
};
const subject: ModerationSubject = {
  body: 'Nice post',
  authorName: 'Ann',
  linkCount: 0,
  honeypotFilled: false,
  hasApprovedBefore: false,
};

describe('moderation rules', () => {
  it('approves an ordinary comment', () => {
    expect(moderate(subject, policy)).toEqual({ status: 'approved' });
  });

  it.each([
    [{ linkCount: 2 }, {}, 'pending', 'too_many_links'],
    [{ linkCount: 1 }, {}, 'approved', undefined],
    [{ linkCount: 1 }, { maxLinks: 1 }, 'pending', 'too_many_links'],
    [{ body: 'Buy CHEAP watches' }, { moderationWords: ['cheap'] }, 'pending', 'moderation_word'],
    [{ authorUrl: 'https://casino.example/' }, { moderationWords: ['casino'] }, 'pending', 'moderation_word'],
    [{ body: 'ｖｉａｇｒａ here' }, { disallowedWords: ['viagra'] }, 'spam', 'disallowed_word'],
    [{ authorName: 'Viagra Seller' }, { disallowedWords: ['viagra'] }, 'spam', 'disallowed_word'],
    [{ authorEmail: 'x@spam.example' }, { disallowedWords: ['spam.example'] }, 'spam', 'disallowed_word'],
    [{ linkCount: 5, body: 'viagra' }, { disallowedWords: ['viagra'] }, 'spam', 'disallowed_word'],
    [{}, { holdAll: true }, 'pending', 'hold_all'],
    [{}, { holdFirstTime: true }, 'pending', 'first_time'],
    [{ hasApprovedBefore: true }, { holdFirstTime: true }, 'approved', undefined],
    [{ honeypotFilled: true }, {}, 'spam', 'honeypot'],
    [{ body: 'a' }, { moderationWords: ['  ', ''] }, 'approved', undefined],
  ] as const)('%j with %j → %s', (subjectPatch, policyPatch, status, reason) => {
    const decision = moderate({ ...subject, ...subjectPatch }, { ...policy, ...policyPatch });
    expect(decision.status).toBe(status);
    expect(decision.reason).toBe(reason);
  });

  it('looks up earlier approvals only when first-timer holding can matter', () => {
    expect(needsCommenterLookup({ ...policy, holdFirstTime: true }, 'a@b.c')).toBe(true);
    expect(needsCommenterLookup({ ...policy, holdFirstTime: true }, undefined)).toBe(false);
    expect(needsCommenterLookup({ ...policy, holdFirstTime: true, holdAll: true }, 'a@b.c')).toBe(false);
    expect(needsCommenterLookup(policy, 'a@b.c')).toBe(false);
  });

  it('closes comments on request or after the configured age', () => {
    const now = new Date('2024-03-31T00:00:00Z');
    const post = { commentsOpen: true, publishedAt: '2024-03-01T00:00:00Z' };
    expect(commentsClosed(post, now, 0)).toBe(false);
    expect(commentsClosed(post, now, 30)).toBe(false);
    expect(commentsClosed(post, now, 29)).toBe(true);
    expect(commentsClosed({ ...post, commentsOpen: false }, now, 0)).toBe(true);
  });

  it('recognizes the post author by email, case-insensitively', () => {
    expect(isPostAuthor('owner@blog.example', { authorEmail: 'Owner@Blog.example' }, undefined)).toBe(true);
    expect(isPostAuthor('owner@blog.example', {}, 'OWNER@blog.example')).toBe(true);
    expect(isPostAuthor('guest@blog.example', { authorEmail: 'owner@blog.example' }, undefined)).toBe(false);
    expect(isPostAuthor(undefined, { authorEmail: 'owner@blog.example' }, undefined)).toBe(false);
  });
});

describe('comment input', () => {
  it('normalizes a full comment', () => {
    const input = parseCommentInput({
      authorName: '  Ann <b>Lee</b> ',
      authorEmail: ' Ann@Example.COM ',
      authorUrl: 'HTTPS://Ann.Example/blog',
      body: '  Hi  ',
      parentId: '01hzzzzzzzzzzzzzzzzzzzzzzz',
    });
    expect(input).toEqual({
      authorName: 'Ann Lee',
      authorEmail: 'ann@example.com',
      authorUrl: 'https://ann.example/blog',
      body: 'Hi',
      parentId: '01HZZZZZZZZZZZZZZZZZZZZZZZ',
      notify: false,
      honeypotFilled: false,
    });
  });

  it('treats missing and empty author fields as anonymous', () => {
    expect(parseCommentInput({ body: 'x', authorName: '', authorEmail: '', authorUrl: '' })).toEqual({
      authorName: 'Anonymous',
      body: 'x',
      notify: false,
      honeypotFilled: false,
    });
    expect(parseCommentInput({ body: 'x', authorName: null })).toMatchObject({ authorName: 'Anonymous' });
    expect(cleanAuthorName('\u202e\u200b ')).toBe('Anonymous');
  });

  it('accepts notify: true only with an authorEmail, and only a boolean', () => {
    expect(parseCommentInput({ body: 'x', authorEmail: 'a@example.com', notify: true }).notify).toBe(true);
    expect(parseCommentInput({ body: 'x', notify: false }).notify).toBe(false);
    for (const body of [
      { body: 'x', notify: true },
      { body: 'x', authorEmail: '  ', notify: true },
    ]) {
      expect(() => parseCommentInput(body)).toThrow(
        expect.objectContaining({
          code: 'validation_failed',
          details: [expect.objectContaining({ field: 'authorEmail' })],
        }),
      );
    }
    expect(() => parseCommentInput({ body: 'x', authorEmail: 'a@example.com', notify: 'yes' })).toThrow(
      expect.objectContaining({ details: [expect.objectContaining({ field: 'notify' })] }),
    );
  });

  it(`notices a filled honeypot field "${HONEYPOT_FIELD}"`, () => {
    expect(parseCommentInput({ body: 'x', [HONEYPOT_FIELD]: 'http://bot.example' }).honeypotFilled).toBe(true);
    expect(parseCommentInput({ body: 'x', [HONEYPOT_FIELD]: '' }).honeypotFilled).toBe(false);
  });

  it.each([
    ['no body', {}, 'body'],
    ['an empty body', { body: '' }, 'body'],
    ['a whitespace-only body', { body: ' \n\t ' }, 'body'],
    ['a body over 10000 characters', { body: 'x'.repeat(10_001) }, 'body'],
    ['a non-string body', { body: 42 }, 'body'],
    ['a name over 80 characters', { body: 'x', authorName: 'n'.repeat(81) }, 'authorName'],
    ['an invalid email', { body: 'x', authorEmail: 'not-an-email' }, 'authorEmail'],
    ['a javascript: URL', { body: 'x', authorUrl: 'javascript:alert(1)' }, 'authorUrl'],
    ['a relative URL', { body: 'x', authorUrl: '/me' }, 'authorUrl'],
    ['a malformed parentId', { body: 'x', parentId: 'abc' }, 'parentId'],
  ])('rejects %s', (_name, body, field) => {
    expect(() => parseCommentInput(body)).toThrowError(
      expect.objectContaining({
        code: 'validation_failed',
        details: expect.arrayContaining([expect.objectContaining({ field })]),
      }) as unknown as Error,
    );
  });

  it('accepts a body of exactly 10000 characters', () => {
    expect(parseCommentInput({ body: 'y'.repeat(10_000) }).body).toHaveLength(10_000);
  });

  it.each([[null], [[1]], ['text']])('rejects a non-object request body %j', (body) => {
    expect(() => parseCommentInput(body)).toThrowError(
      expect.objectContaining({ code: 'validation_failed' }) as unknown as Error,
    );
  });
});

describe('rendering', () => {
  it.each([
    ['**bold** and _em_', '<p><strong>bold</strong> and <em>em</em></p>'],
    ['line one\nline two', '<p>line one<br>line two</p>'],
    ['# Title', '<p><strong>Title</strong></p>'],
    ['`a < b`', '<p><code>a &lt; b</code></p>'],
    ['<b>raw</b>', '<p>&lt;b&gt;raw&lt;/b&gt;</p>'],
    [
      'https://auto.example',
      '<p><a href="https://auto.example/" rel="nofollow ugc noopener">https://auto.example</a></p>',
    ],
    [
      '![cat](https://img.example/cat.png)',
      '<p><a href="https://img.example/cat.png" rel="nofollow ugc noopener">cat</a></p>',
    ],
    ['[home](/home)', '<p>home</p>'],
  ])('%j → %s', (markdown, html) => {
    expect(renderComment(markdown).html).toBe(html);
  });

  it('counts links including autolinked URLs', () => {
    expect(renderComment('[a](https://a.example) https://b.example www.c.example [bad](javascript:x)').linkCount).toBe(
      3,
    );
  });
});

describe('visitor hashes', () => {
  const salt = 'a-test-salt-of-enough-length';

  it('are salted, stable and never contain the input', () => {
    const hash = visitorHash(salt, '203.0.113.7');
    expect(hash).toBe(visitorHash(salt, '203.0.113.7'));
    expect(hash).not.toBe(visitorHash('another-salt-of-enough-length', '203.0.113.7'));
    expect(hash).not.toContain('203');
    expect(likeVisitorHash(salt, '203.0.113.7', 'UA/1')).not.toBe(likeVisitorHash(salt, '203.0.113.7', 'UA/2'));
    expect(emailHash(salt, 'A@B.example')).toBe(emailHash(salt, 'a@b.example'));
    expect(duplicateFingerprint(salt, 'p1', 'a@b.example', 'Hello  World')).toBe(
      duplicateFingerprint(salt, 'p1', 'a@b.example', 'hello world'),
    );
    expect(duplicateFingerprint(salt, 'p1', 'a@b.example', 'Hello')).not.toBe(
      duplicateFingerprint(salt, 'p2', 'a@b.example', 'Hello'),
    );
  });

  it('derive the Gravatar URL from the SHA-256 of the lowercased email', () => {
    // Gravatar's documented example address and its SHA-256.
    expect(avatarUrlFor(' MyEmailAddress@example.com ')).toBe(
      'https://www.gravatar.com/avatar/84059b07d4be67b806386c0aad8070a23f18836bbaae342275dc0a83414c32ee?d=identicon',
    );
    expect(avatarUrlFor(undefined)).toBeNull();
  });
});

const stored = (id: string, parentId: string | null, extra: Partial<Comment> = {}): Comment => ({
  id,
  postId: 'P',
  parentId,
  depth: parentId ? 2 : 1,
  authorName: 'Ann',
  authorEmail: 'ann@example.com',
  authorUrl: null,
  avatarUrl: avatarUrlFor('ann@example.com'),
  isPostAuthor: false,
  body: 'b',
  html: '<p>b</p>',
  status: 'approved',
  createdAt: '2024-01-01T00:00:00.000Z',
  updatedAt: '2024-01-01T00:00:00.000Z',
  ...extra,
});

describe('comment shapes', () => {
  it('keeps the email out of the public shape and in the admin shape', () => {
    const comment = stored('A', null);
    expect(JSON.stringify(toPublicComment(comment, 1))).not.toContain('ann@example.com');
    expect(toPublicComment(comment, 1)).toEqual({
      id: 'A',
      postId: 'P',
      number: 1,
      parentId: null,
      author: { name: 'Ann', url: null, avatarUrl: comment.avatarUrl, isPostAuthor: false },
      html: '<p>b</p>',
      createdAt: comment.createdAt,
    });
    expect(toAdminComment(comment)).toMatchObject({ authorEmail: 'ann@example.com', status: 'approved' });
  });

  it('nests replies and keeps orphans at the top level', () => {
    const flat: PublicComment[] = [
      stored('A', null),
      stored('B', 'A'),
      stored('C', 'B'),
      stored('D', 'GONE'),
      stored('E', null),
    ].map((c, i) => toPublicComment(c, i + 1));
    const tree = nestComments(flat);
    expect(tree.map((n) => n.id)).toEqual(['A', 'D', 'E']);
    expect(tree[0].replies.map((n) => n.id)).toEqual(['B']);
    expect(tree[0].replies[0].replies.map((n) => n.id)).toEqual(['C']);
    expect(tree[2].replies).toEqual([]);
  });
});
