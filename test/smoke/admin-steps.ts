import { feedSteps } from './feed-steps.js';
import { eventually, expectErrorBody, expectStatus, expectThat, type CallResult } from './http.js';
import type { SmokeContext } from './smoke-suite.js';

/** What the read-write steps created, so the clean-up deletes exactly that. */
export interface SmokeState {
  postId?: string;
  slug?: string;
  commentIds?: string[];
}

interface CommentBody {
  id: string;
  number: number | null;
}

export async function adminSteps(context: SmokeContext, state: SmokeState): Promise<void> {
  try {
    await createdContentSteps(context, state);
  } finally {
    await cleanUpSteps(context, state);
  }
}

async function createdContentSteps(context: SmokeContext, state: SmokeState): Promise<void> {
  const { client, step, runId, readTimeoutMs } = context;
  const slug = `smoke-${runId}`;
  const title = `Smoke test ${runId}`;
  const email = `smoke-${runId}@example.com`;
  const marker = `marker${runId}`;
  const encoded = encodeURIComponent(slug);
  const noEmail = (res: CallResult) =>
    expectThat(!res.text.toLowerCase().includes(email), 'a public response contains the commenter email');
  state.commentIds = [];

  const created = await step('admin creates a published post', async () => {
    const res = await client.call('POST', '/admin/posts', {
      admin: true,
      json: {
        title,
        slug,
        body: `Created by the smoke suite (${marker}).\n\n*Safe to delete.*`,
        tags: ['smoke'],
        status: 'published',
      },
    });
    expectStatus(res, 201);
    expectThat(
      res.json?.slug === slug && res.json?.status === 'published',
      `unexpected post: ${res.text.slice(0, 200)}`,
    );
    expectThat(res.headers.get('etag'), 'no ETag on the admin post');
    state.postId = res.json.id;
    state.slug = slug;
    return res.json as { id: string };
  });

  const publicPost = await step(
    'the post reads back publicly',
    () =>
      eventually(
        async () => {
          const res = await client.call('GET', `/posts/${encoded}`);
          if (res.status !== 200) return undefined;
          expectThat(res.json.title === title, `title is ${res.json.title}`);
          expectThat(!('body' in res.json) && !('status' in res.json), 'public post exposes admin fields');
          return res;
        },
        readTimeoutMs,
        'the new post',
      ),
    [created],
  );

  await step(
    'GET /posts/{slug} with its ETag answers 304',
    async () => {
      const res = await client.call('GET', `/posts/${encoded}`, {
        headers: { 'if-none-match': publicPost!.headers.get('etag')! },
      });
      expectStatus(res, 304);
      return true;
    },
    [publicPost],
  );

  await step(
    'the post is listed in GET /posts',
    () =>
      eventually(
        async () => {
          let cursor: string | null = null;
          for (let page = 0; page < 10; page++) {
            const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
            const res = await client.call('GET', `/posts?limit=50${query}`);
            expectStatus(res, 200);
            if (res.json.items.some((p: { slug: string }) => p.slug === slug)) return true;
            cursor = res.json.nextCursor;
            if (!cursor) return undefined;
          }
          return undefined;
        },
        readTimeoutMs,
        'the post in the list',
      ),
    [created],
  );

  const commentBody = {
    authorName: 'Smoke Tester',
    authorEmail: email,
    authorUrl: 'https://example.com/smoke',
    body: `First smoke comment ${marker}.`,
  };
  const idempotencyKey = `smoke-${runId}-1`;
  const first = await step(
    'a comment is accepted and approved',
    async () => {
      const res = await client.call('POST', `/posts/${encoded}/comments`, {
        json: commentBody,
        headers: { 'idempotency-key': idempotencyKey },
      });
      expectStatus(res, 201);
      expectThat(res.json?.status === 'approved', `status ${res.json?.status}`);
      expectThat(res.json.comment.author.name === 'Smoke Tester', 'author name not kept');
      noEmail(res);
      state.commentIds!.push(res.json.comment.id);
      return res.json.comment as CommentBody;
    },
    [created],
  );

  await step(
    'repeating it with the same Idempotency-Key returns the first comment',
    async () => {
      const res = await client.call('POST', `/posts/${encoded}/comments`, {
        json: commentBody,
        headers: { 'idempotency-key': idempotencyKey },
      });
      expectStatus(res, 201);
      expectThat(res.json?.comment?.id === first!.id, 'a second comment was created');
      return true;
    },
    [first],
  );

  const held = await step(
    'a comment with 2 links is held as pending',
    async () => {
      const res = await client.call('POST', `/posts/${encoded}/comments`, {
        json: {
          authorName: 'Link Poster',
          body: `Second smoke comment ${marker}: https://example.com/a and https://example.org/b`,
        },
      });
      expectStatus(res, 201);
      expectThat(res.json?.status === 'pending', `status ${res.json?.status}`);
      state.commentIds!.push(res.json.comment.id);
      return res.json.comment as CommentBody;
    },
    [created],
  );

  await step(
    'the held comment is not public',
    async () => {
      const res = await client.call('GET', `/posts/${encoded}/comments`);
      expectStatus(res, 200);
      expectThat(!res.json.items.some((c: CommentBody) => c.id === held!.id), 'a pending comment is listed publicly');
      return true;
    },
    [held],
  );

  const approved = await step(
    'admin approves it with PATCH /admin/comments/{id}',
    async () => {
      const res = await client.call('PATCH', `/admin/comments/${held!.id}`, {
        admin: true,
        json: { status: 'approved' },
      });
      expectStatus(res, 200);
      expectThat(res.json?.status === 'approved', `status ${res.json?.status}`);
      return true;
    },
    [held],
  );

  await step(
    'comments list oldest first, numbered 1 and 2',
    () =>
      eventually(
        async () => {
          const res = await client.call('GET', `/posts/${encoded}/comments`);
          expectStatus(res, 200);
          noEmail(res);
          const items = res.json.items as CommentBody[];
          if (items.length < 2) return undefined;
          expectThat(
            items[0].id === first!.id && items[1].id === held!.id,
            `order is ${items.map((c) => c.id).join(',')}`,
          );
          expectThat(
            items[0].number === 1 && items[1].number === 2,
            `numbers are ${items.map((c) => c.number).join(',')}`,
          );
          return true;
        },
        readTimeoutMs,
        'both approved comments',
      ),
    [first, approved],
  );

  await step(
    'the post counts 2 comments',
    () =>
      eventually(
        async () => {
          const res = await client.call('GET', `/posts/${encoded}`);
          return res.status === 200 && res.json.commentCount === 2 ? true : undefined;
        },
        readTimeoutMs,
        'commentCount 2',
      ),
    [first, approved],
  );

  const liked = await step(
    'like counts once per visitor',
    async () => {
      const once = await client.call('POST', `/posts/${encoded}/likes`);
      expectStatus(once, 200);
      expectThat(once.json.liked === true && once.json.likeCount === 1, `after like: ${once.text}`);
      const twice = await client.call('POST', `/posts/${encoded}/likes`);
      expectStatus(twice, 200);
      expectThat(twice.json.likeCount === 1, `a repeated like counted again: ${twice.text}`);
      return true;
    },
    [created],
  );

  await step(
    'unlike takes it back',
    async () => {
      const res = await client.call('DELETE', `/posts/${encoded}/likes`);
      expectStatus(res, 200);
      expectThat(res.json.liked === false && res.json.likeCount === 0, `after unlike: ${res.text}`);
      return true;
    },
    [liked],
  );

  await badInputSteps(context, { encoded, postId: state.postId }, [created]);
  await feedSteps(context, { slug, marker, email }, [created, first, approved]);
}

async function badInputSteps(
  context: SmokeContext,
  post: { encoded: string; postId?: string },
  needs: unknown[],
): Promise<void> {
  const { client, step } = context;
  await step(
    'bad input: malformed JSON comment is a 400 error body',
    async () => {
      const res = await client.call('POST', `/posts/${post.encoded}/comments`, { rawBody: '{"body": "unterminated' });
      expectStatus(res, 400);
      expectErrorBody(res);
      return true;
    },
    needs,
  );

  await step(
    'bad input: a non-JSON comment is a 415 error body',
    async () => {
      const res = await client.call('POST', `/posts/${post.encoded}/comments`, {
        rawBody: 'body=hello',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expectStatus(res, 415);
      expectErrorBody(res);
      return true;
    },
    needs,
  );

  await step(
    'bad input: an empty comment is a 400 with field details',
    async () => {
      const res = await client.call('POST', `/posts/${post.encoded}/comments`, { json: { body: '   ' } });
      expectStatus(res, 400);
      expectErrorBody(res);
      expectThat(Array.isArray(res.json.error.details) && res.json.error.details.length > 0, 'no field details');
      return true;
    },
    needs,
  );

  await step(
    'bad input: an unknown field in an admin update is a 400',
    async () => {
      const res = await client.call('PATCH', `/admin/posts/${post.postId}`, { admin: true, json: { notAField: true } });
      expectStatus(res, 400);
      expectErrorBody(res);
      return true;
    },
    needs,
  );

  await step(
    'a stale If-Match is a 412',
    async () => {
      const res = await client.call('PATCH', `/admin/posts/${post.postId}`, {
        admin: true,
        json: { title: 'Never saved' },
        headers: { 'if-match': '"v0"' },
      });
      expectStatus(res, 412);
      expectErrorBody(res);
      return true;
    },
    needs,
  );

  await step(
    'rejected requests wrote nothing',
    async () => {
      const res = await client.call('GET', `/posts/${post.encoded}`);
      expectStatus(res, 200);
      expectThat(res.json.title !== 'Never saved', 'a stale update was saved');
      expectThat(res.json.commentCount === 2, `commentCount is ${res.json.commentCount}`);
      return true;
    },
    needs,
  );
}

async function cleanUpSteps({ client, step, readTimeoutMs }: SmokeContext, state: SmokeState): Promise<void> {
  for (const id of state.commentIds ?? []) {
    await step(`clean up: delete comment ${id}`, async () => {
      const res = await client.call('DELETE', `/admin/comments/${id}`, { admin: true });
      expectStatus(res, 204, 404);
      return true;
    });
  }
  if (!state.postId) return;
  await step('clean up: delete the post', async () => {
    const res = await client.call('DELETE', `/admin/posts/${state.postId}`, { admin: true });
    expectStatus(res, 204);
    return true;
  });
  await step('the deleted post is gone publicly', () =>
    eventually(
      async () =>
        (await client.call('GET', `/posts/${encodeURIComponent(state.slug!)}`)).status === 404 ? true : undefined,
      readTimeoutMs,
      'a 404',
    ),
  );
  await step('clean up: rebuild feeds without the post', async () => {
    const res = await client.call('POST', '/admin/feeds/rebuild', { admin: true });
    expectStatus(res, 202);
    return true;
  });
}
