import { ScanCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { HELLO_WORLD, HELLO_WORLD_COMMENTS, OTHER_POSTS, type DemoPost } from './demo-content.js';
import type { EmulatorRequest, EmulatorResponse } from './rest-emulator.js';

/**
 * Seeds demo content into an EMPTY table through the real route handlers (admin API for posts, the public comment
 * API for comments), so seeded data is exactly what the API would have written.
 */
export interface SeedOptions {
  dynamo: DynamoDBClient;
  tableName: string;
  invoke: (request: EmulatorRequest) => Promise<EmulatorResponse>;
  adminToken: string;
  rootDir: string;
  authorName: string;
  authorEmail?: string;
  log?: (line: string) => void;
}

export interface SeedResult {
  seeded: boolean;
  posts: number;
  comments: number;
  /** Set when the comments function does not exist yet; comments are seeded once it does (next empty start). */
  skippedComments?: string;
}

export async function isTableEmpty(dynamo: DynamoDBClient, tableName: string): Promise<boolean> {
  const result = await dynamo.send(new ScanCommand({ TableName: tableName, Limit: 1, ProjectionExpression: 'pk' }));
  return (result.Items?.length ?? 0) === 0 && !result.LastEvaluatedKey;
}

function expectStatus(response: EmulatorResponse, expected: number[], what: string): unknown {
  if (!expected.includes(response.statusCode)) {
    throw new Error(`Seeding failed: ${what} answered ${response.statusCode} ${response.body.slice(0, 500)}`);
  }
  return response.body ? JSON.parse(response.body) : undefined;
}

async function createPost(options: SeedOptions, post: DemoPost): Promise<void> {
  const response = await options.invoke({
    method: 'POST',
    path: '/admin/posts',
    headers: { Authorization: `Bearer ${options.adminToken}` },
    json: { title: post.title, slug: post.slug, body: post.body, tags: post.tags, status: post.status },
  });
  expectStatus(response, [201], `POST /admin/posts (${post.slug})`);
}

async function seedComments(options: SeedOptions): Promise<number> {
  const ids: string[] = [];
  let index = 0;
  for (const demo of HELLO_WORLD_COMMENTS) {
    index += 1;
    const isAuthor = demo.authorEmail === 'post-author';
    const body: Record<string, unknown> = { body: demo.body };
    if (demo.authorName) body.authorName = isAuthor ? options.authorName : demo.authorName;
    if (demo.authorEmail) body.authorEmail = isAuthor ? options.authorEmail : demo.authorEmail;
    if (demo.authorUrl) body.authorUrl = demo.authorUrl;
    if (demo.replyTo) body.parentId = ids[demo.replyTo - 1];
    // Only an admin token earns the post author's badge: the owner's demo reply goes through the admin route.
    const response = isAuthor
      ? await options.invoke({
          method: 'POST',
          path: '/admin/comments',
          headers: { Authorization: `Bearer ${options.adminToken}` },
          json: { parentId: body.parentId, body: demo.body },
        })
      : await options.invoke({
          method: 'POST',
          path: `/posts/${HELLO_WORLD.slug}/comments`,
          // A distinct documentation-range address per comment keeps the per-visitor rate limit out of the way.
          sourceIp: `198.51.100.${index}`,
          headers: { 'User-Agent': 'blog-local-seed' },
          json: body,
        });
    const created = expectStatus(response, [201], `comment ${index}`) as { comment: { id: string }; status: string };
    ids.push(created.comment.id);
    if (created.status !== 'approved') {
      const approval = await options.invoke({
        method: 'PATCH',
        path: `/admin/comments/${created.comment.id}`,
        headers: { Authorization: `Bearer ${options.adminToken}` },
        json: { status: 'approved' },
      });
      expectStatus(approval, [200], `approving comment ${index}`);
    }
  }
  return ids.length;
}

export async function seedDemoContent(options: SeedOptions): Promise<SeedResult> {
  if (!(await isTableEmpty(options.dynamo, options.tableName))) return { seeded: false, posts: 0, comments: 0 };
  const posts = [HELLO_WORLD, ...OTHER_POSTS];
  for (const post of posts) await createPost(options, post);
  let comments = 0;
  let skippedComments: string | undefined;
  if (existsSync(join(options.rootDir, 'functions', 'comments-public.ts'))) {
    comments = await seedComments(options);
  } else {
    skippedComments = 'functions/comments-public.ts does not exist yet';
  }
  options.log?.(`Seeded ${posts.length} demo posts and ${comments} comments.`);
  return { seeded: true, posts: posts.length, comments, ...(skippedComments ? { skippedComments } : {}) };
}
