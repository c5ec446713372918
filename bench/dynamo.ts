import type { BenchEnvironment } from './environment.js';
import type { RequestCounter } from './request-counter.js';

/**
 * DynamoDB requests and consumed capacity per API call, measured through the real stack: the local runtime's REST
 * emulator (routing, handler, use case, repository) against DynamoDB Local. The counter sits on the process-wide
 * DocumentClient that every handler shares (shared/data/clients.ts), so nothing the handlers send is missed.
 */
export interface OperationResult {
  name: string;
  status?: number;
  requests?: number;
  capacityUnits?: number;
  commands?: string[];
  /** e.g. "= 1", "≤ 3"; undefined = recorded only. */
  target?: string;
  withinTarget?: boolean;
  note?: string;
}

export interface DynamoBenchResult {
  operations: OperationResult[];
  error?: string;
}

type Invoke = BenchEnvironment['invoke'];

const check = (requests: number, target?: string): boolean | undefined => {
  if (!target) return undefined;
  const [op, n] = target.split(' ');
  return op === '=' ? requests === Number(n) : requests <= Number(n);
};

export async function runDynamoBenchmarks(
  env: BenchEnvironment | undefined,
  envError?: string,
): Promise<DynamoBenchResult> {
  if (!env) return { operations: [], error: `local runtime unavailable: ${envError ?? 'not started'}` };
  try {
    return { operations: await measureOperations(env, env.counter) };
  } catch (error) {
    return { operations: [], error: (error as Error).message.split('\n')[0] };
  }
}

async function measureOperations(
  runtime: Pick<BenchEnvironment, 'invoke' | 'adminToken'>,
  counter: RequestCounter,
): Promise<OperationResult[]> {
  const admin = { authorization: `Bearer ${runtime.adminToken}` };
  const results: OperationResult[] = [];

  async function measure(
    name: string,
    target: string | undefined,
    expectStatus: number[],
    request: Parameters<Invoke>[0],
  ) {
    counter.reset();
    let response: { statusCode: number; body: string } | undefined;
    try {
      response = await runtime.invoke(request);
    } catch (error) {
      results.push({ name, target, note: `failed: ${(error as Error).message}` });
      return undefined;
    }
    const { requests, capacityUnits, commands } = counter.snapshot();
    const ok = expectStatus.includes(response.statusCode);
    results.push({
      name,
      status: response.statusCode,
      requests: ok ? requests : undefined,
      capacityUnits: ok ? capacityUnits : undefined,
      commands,
      target,
      withinTarget: ok ? check(requests, target) : undefined,
      note: ok ? undefined : `n/a: HTTP ${response.statusCode} ${response.body.slice(0, 120)}`,
    });
    return ok ? (JSON.parse(response.body || 'null') as Record<string, unknown>) : undefined;
  }

  // Arrange: a few published posts so the list query reads a realistic page, and one post to act on.
  const slug = `bench-${Date.now().toString(36)}`;
  for (let i = 0; i < 5; i++) {
    await runtime.invoke({
      method: 'POST',
      path: '/admin/posts',
      headers: admin,
      json: { title: `Filler ${i}`, body: `Filler post ${i}.`, status: 'published' },
    });
  }
  const create = await runtime.invoke({
    method: 'POST',
    path: '/admin/posts',
    headers: admin,
    json: {
      title: 'Benchmark post',
      slug,
      body: 'A post the benchmark reads, comments on and likes.\n\n'.repeat(20),
      tags: ['bench'],
      status: 'published',
    },
  });
  if (create.statusCode !== 201)
    throw new Error(`could not create the benchmark post: HTTP ${create.statusCode} ${create.body.slice(0, 200)}`);

  // Once per container a short first page runs the layout check (2 small reads): the warm request is the one measured.
  await measure('GET /posts, first in a container', undefined, [200], { method: 'GET', path: '/posts' });
  await measure('GET /posts', '= 1', [200], { method: 'GET', path: '/posts' });
  await measure('GET /posts?tag=bench', '= 1', [200], { method: 'GET', path: '/posts?tag=bench' });
  await measure('GET /posts/{slug}', '= 1', [200], { method: 'GET', path: `/posts/${slug}` });

  const visitor = (n: number) => `198.51.100.${n}`;
  await measure('POST comment (approved)', '≤ 3', [201], {
    method: 'POST',
    path: `/posts/${slug}/comments`,
    sourceIp: visitor(1),
    json: {
      authorName: 'Bench Reader',
      authorEmail: 'reader@example.com',
      body: 'A first comment from the benchmark.',
    },
  });
  await measure('POST comment (held, 2 links)', '≤ 3', [201], {
    method: 'POST',
    path: `/posts/${slug}/comments`,
    sourceIp: visitor(2),
    json: { authorName: 'Linker', body: 'See https://example.com/a and https://example.com/b for more.' },
  });
  await measure('POST comment (Idempotency-Key)', '≤ 3', [201], {
    method: 'POST',
    path: `/posts/${slug}/comments`,
    sourceIp: visitor(3),
    headers: { 'idempotency-key': `bench-${slug}` },
    json: { body: 'An anonymous comment with an idempotency key.' },
  });
  // More approved comments so the page read returns several items.
  for (let i = 0; i < 8; i++) {
    await runtime.invoke({
      method: 'POST',
      path: `/posts/${slug}/comments`,
      sourceIp: visitor(10 + i),
      json: { body: `Filler comment ${i}.` },
    });
  }
  // The first read of a slug in a container resolves it through the post head; then one Query reads marker + page.
  await measure('GET /posts/{slug}/comments, first read of the slug', undefined, [200], {
    method: 'GET',
    path: `/posts/${slug}/comments`,
  });
  await measure('GET /posts/{slug}/comments', '= 1', [200], { method: 'GET', path: `/posts/${slug}/comments` });
  await measure('POST /posts/{slug}/likes', undefined, [200], {
    method: 'POST',
    path: `/posts/${slug}/likes`,
    sourceIp: visitor(50),
  });
  await measure('POST likes (repeat, no-op)', undefined, [200], {
    method: 'POST',
    path: `/posts/${slug}/likes`,
    sourceIp: visitor(50),
  });
  await measure('DELETE /posts/{slug}/likes', undefined, [200], {
    method: 'DELETE',
    path: `/posts/${slug}/likes`,
    sourceIp: visitor(50),
  });

  const firstSeen = results.find((r) => r.name === 'GET /posts, first in a container');
  if (firstSeen && firstSeen.status === 200 && firstSeen.requests === 0) {
    throw new Error(
      'the request counter saw no DynamoDB requests: handlers do not use the shared client from shared/data/clients.ts',
    );
  }
  return results;
}
