/**
 * Demo content for an empty local store, written for this project. Markdown bodies; the post API renders them.
 */
export interface DemoPost {
  title: string;
  slug: string;
  body: string;
  tags: string[];
  status: 'draft' | 'published';
}

export interface DemoComment {
  authorName?: string;
  /** "post-author" is replaced with BLOG_AUTHOR_EMAIL so the comment is marked as the post author's. */
  authorEmail?: string | 'post-author';
  authorUrl?: string;
  body: string;
  /** 1-based index of an earlier demo comment this one replies to. */
  replyTo?: number;
}

export const HELLO_WORLD_SLUG = 'hello-world';

export const HELLO_WORLD: DemoPost = {
  title: 'Hello, world',
  slug: HELLO_WORLD_SLUG,
  tags: ['meta', 'welcome'],
  status: 'published',
  body: [
    'Welcome to the blog! This is the first post, and it exists so the local runtime has something to show.',
    '',
    'It is served by the *same* handlers that run in AWS Lambda, behind a small local stand-in for API Gateway.',
    'Read the [README](https://github.com/) for how the pieces fit, or jump straight to the',
    '[RSS feed](/feed.xml).',
    '',
    '> "Simple things should be simple, complex things should be possible." — Alan Kay',
    '',
    'A few things worth trying:',
    '',
    '- `GET /posts/hello-world/comments` lists the comments below, oldest first;',
    '- `POST /posts/hello-world/likes` adds a like, once per visitor;',
    '- `npm run admin-token` prints a token for the `/admin` routes.',
    '',
    'Quotes like \'these\' and "these", ampersands & angle brackets <like this> are handled safely.',
  ].join('\n'),
};

export const OTHER_POSTS: DemoPost[] = [
  {
    title: 'Designing a single-table DynamoDB schema',
    slug: 'single-table-dynamodb',
    tags: ['aws', 'dynamodb'],
    status: 'published',
    body: [
      'One table holds posts, comments, likes and the small guard items that keep them consistent.',
      '',
      '## Why one table?',
      '',
      'Every page the blog serves is **one Query**: a post and its approved comments share a partition in a',
      'secondary index, so reading a comment page costs a single request.',
      '',
      '```',
      'pk = POST#<id>   sk = COMMENT#<ulid>',
      '```',
    ].join('\n'),
  },
  {
    title: 'Feeds without servers',
    slug: 'feeds-without-servers',
    tags: ['aws', 'feeds'],
    status: 'published',
    body: 'RSS, Atom and JSON Feed files are static objects in S3. A scheduled function rebuilds only the feeds whose content changed, so feed readers never wake a Lambda.',
  },
  {
    title: 'Notes on moderation',
    slug: 'notes-on-moderation',
    tags: ['comments'],
    status: 'published',
    body: 'Comments with two or more links wait for approval, a word list can hold or reject comments, and a honeypot field quietly catches bots.',
  },
  {
    title: 'Unfinished thoughts on caching',
    slug: 'unfinished-thoughts-on-caching',
    tags: ['draft-ideas'],
    status: 'draft',
    body: 'This draft is not public: it appears only in `GET /admin/posts?status=draft`.',
  },
];

/** Fifteen comments on "Hello, world", in posting order. Links: at most one per comment, so none is held. */
export const HELLO_WORLD_COMMENTS: DemoComment[] = [
  { authorName: 'Ada', authorEmail: 'ada@example.com', body: 'First! Congratulations on the new blog.' },
  { body: 'Nice to see a blog that runs locally without Docker.' },
  {
    authorName: 'Grace',
    authorUrl: 'https://example.org/grace',
    body: 'How do you keep the comment count exact under load?',
  },
  {
    authorName: 'Blog Author',
    authorEmail: 'post-author',
    replyTo: 3,
    body: 'Every comment and the post counter change in **one DynamoDB transaction**, so they cannot drift apart.',
  },
  {
    authorName: 'Linus',
    body: '> Simple things should be simple, complex things should be possible.\n\nStill the best summary of good API design.',
  },
  { body: 'Is there an Atom feed as well? I only saw RSS mentioned.' },
  { authorName: 'Margaret', body: 'Yes — see [the Atom feed](http://localhost:3000/atom.xml).', replyTo: 6 },
  { authorName: 'Alan', authorEmail: 'alan@example.com', body: 'Testing `inline code` and *emphasis* in comments.' },
  { body: 'Anonymous again. The honeypot idea is clever.' },
  {
    authorName: 'Barbara',
    body: 'The cursor pagination docs were helpful: [data model](https://example.com/data-model).',
  },
  { authorName: 'Ken', body: 'Replies nest up to a configurable depth, right?', replyTo: 4 },
  { authorName: 'Dennis', authorUrl: 'https://example.net/dennis', body: 'Bookmarked. Looking forward to more posts.' },
  { authorName: 'Edsger', body: 'Quotes "like these" & ampersands survive <em>escaping</em>?' },
  { authorName: 'Frances', body: 'Great start — see also [JSON Feed](https://www.jsonfeed.org/).' },
  { body: 'Last one for now. Thanks for writing this up!' },
];
