import { TABLE_DEFINITION } from '../shared/data/table-definition.js';
import { collectBillingImages, uncountedDocumentClient } from './billing-images.js';
import { billedCapacity } from './billing-model.js';
import type { BenchEnvironment } from './environment.js';
import { NA, table } from './report.js';

/**
 * Cost of the data layer's hot paths at two post sizes (1 KB and 40 KB of markdown): requests, the capacity units
 * DynamoDB Local reports and what AWS would bill for the same items (bench/billing-model.ts; Local under-reports
 * transactions and doubles their index writes), each with its target (docs/data-model.md, issue 10), judged on
 * the billed figure, or on Local's where the billed one is only a lower bound. Measured
 * through the local runtime's REST emulator with the request counter of bench/request-counter.ts.
 */
export interface DataLayerRow {
  name: string;
  size: string;
  status?: number;
  requests?: number;
  capacityUnits?: number;
  /** RCU + WCU by AWS's billing rules for the items the requests touched. */
  billedCapacityUnits?: number;
  /** The bill is a lower bound: an image it needed was unknown (e.g. a deleted item's size). */
  billedApproximate?: boolean;
  requestTarget?: number;
  capacityTarget?: number;
  ok?: boolean;
  commands?: string;
}

const SIZES = [
  ['1 KB', 1_000],
  ['40 KB', 40_000],
] as const;
const DELETE_COMMENTS = Number(process.env.BENCH_DELETE_COMMENTS ?? 300);

function markdownOf(bytes: number): string {
  const paragraph = 'A paragraph of the benchmark post, long enough to look like prose and nothing else. ';
  return `${paragraph.repeat(Math.ceil(bytes / paragraph.length))}`.slice(0, bytes);
}

export async function runDataLayerBenchmark(
  env: BenchEnvironment | undefined,
  envError?: string,
): Promise<{ rows: DataLayerRow[]; error?: string }> {
  if (!env) return { rows: [], error: `local runtime unavailable: ${envError ?? 'not started'}` };
  const rows: DataLayerRow[] = [];
  const images = uncountedDocumentClient(env.dynamoEndpoint);
  const admin = { authorization: `Bearer ${env.adminToken}` };
  let lastInvokeMs = 0;
  let visitorNumber = 0;
  const visitor = () => `198.51.${100 + Math.floor(++visitorNumber / 250)}.${visitorNumber % 250}`;

  async function measure(
    row: Omit<
      DataLayerRow,
      'status' | 'requests' | 'capacityUnits' | 'billedCapacityUnits' | 'billedApproximate' | 'ok'
    >,
    request: Parameters<BenchEnvironment['invoke']>[0],
  ) {
    env!.counter.reset();
    const started = Date.now();
    const response = await env!.invoke(request);
    lastInvokeMs = Date.now() - started;
    const { requests, capacityUnits, commands } = env!.counter.snapshot();
    const records = [...env!.counter.records];
    const billed = billedCapacity(
      records,
      await collectBillingImages(images, records, TABLE_DEFINITION),
      TABLE_DEFINITION,
    );
    const ok =
      response.statusCode < 300 &&
      (row.requestTarget === undefined || requests <= row.requestTarget) &&
      (row.capacityTarget === undefined ||
        (billed.approximate ? Math.max(capacityUnits, billed.total) : billed.total) <= row.capacityTarget);
    rows.push({
      ...row,
      status: response.statusCode,
      requests,
      capacityUnits,
      billedCapacityUnits: billed.total,
      billedApproximate: billed.approximate || undefined,
      ok,
      commands: commands.join(' '),
    });
    return response;
  }

  try {
    for (const [size, bytes] of SIZES) {
      const slug = `bench-data-${bytes}-${Date.now().toString(36)}`;
      const created = await env.invoke({
        method: 'POST',
        path: '/admin/posts',
        headers: admin,
        json: { title: `Data layer ${size}`, slug, body: markdownOf(bytes), tags: ['bench'], status: 'published' },
      });
      if (created.statusCode !== 201)
        throw new Error(`could not create the ${size} post: HTTP ${created.statusCode} ${created.body.slice(0, 200)}`);
      // A few approved comments first, so the page read and the counters are not on an empty post.
      for (let i = 0; i < 3; i++)
        await env.invoke({
          method: 'POST',
          path: `/posts/${slug}/comments`,
          sourceIp: visitor(),
          json: { body: `Warm-up comment ${i}.` },
        });

      await measure(
        { name: 'GET /posts/{slug}', size, requestTarget: 1, capacityTarget: 6 },
        { method: 'GET', path: `/posts/${slug}` },
      );
      await measure(
        { name: 'POST /posts/{slug}/likes', size, capacityTarget: 6 },
        { method: 'POST', path: `/posts/${slug}/likes`, sourceIp: visitor() },
      );
      await measure(
        { name: 'POST comment (approved)', size, requestTarget: 3, capacityTarget: 16 },
        {
          method: 'POST',
          path: `/posts/${slug}/comments`,
          sourceIp: visitor(),
          headers: { 'idempotency-key': `bench-${slug}` },
          json: {
            authorName: 'Bench Reader',
            authorEmail: 'reader@example.com',
            body: `A comment on the ${size} post.`,
          },
        },
      );
      // The comments function resolves a slug through the post head once per container; after that the thread
      // marker read by the same Query checks the post (docs/data-model.md, "Comments and likes").
      await measure(
        { name: 'GET /posts/{slug}/comments, first read of the slug in a container', size },
        { method: 'GET', path: `/posts/${slug}/comments` },
      );
      await measure(
        { name: 'GET /posts/{slug}/comments', size, requestTarget: 1 },
        { method: 'GET', path: `/posts/${slug}/comments` },
      );
      const firstPage = await env.invoke({ method: 'GET', path: `/posts/${slug}/comments?limit=2` });
      const cursor = (JSON.parse(firstPage.body) as { nextCursor: string | null }).nextCursor;
      if (cursor)
        await measure(
          { name: 'GET /posts/{slug}/comments, a cursor page', size },
          { method: 'GET', path: `/posts/${slug}/comments?limit=2&cursor=${encodeURIComponent(cursor)}` },
        );
    }
    // Warm: the container's first short page (layout check) is measured in the requests-per-call section.
    await env.invoke({ method: 'GET', path: '/posts' });
    await measure({ name: 'GET /posts', size: '-', requestTarget: 1 }, { method: 'GET', path: '/posts' });

    const slug = `bench-delete-${Date.now().toString(36)}`;
    const created = await env.invoke({
      method: 'POST',
      path: '/admin/posts',
      headers: admin,
      json: { title: 'Delete me', slug, body: markdownOf(1_000), status: 'published' },
    });
    const postId = (JSON.parse(created.body) as { id: string }).id;
    for (let i = 0; i < DELETE_COMMENTS; i++)
      await env.invoke({
        method: 'POST',
        path: `/posts/${slug}/comments`,
        sourceIp: visitor(),
        json: { body: `Comment ${i} on a post that goes away.` },
      });
    const response = await measure(
      { name: `DELETE post (${DELETE_COMMENTS} comments)`, size: '1 KB', requestTarget: 3 },
      { method: 'DELETE', path: `/admin/posts/${postId}`, headers: admin },
    );
    rows[rows.length - 1].commands =
      `${lastInvokeMs} ms; ${rows[rows.length - 1].commands?.split(' ').length} commands`;
    void response;
  } catch (error) {
    return { rows, error: (error as Error).message.split('\n')[0] };
  }
  return { rows };
}

export function dataLayerTable(result: { rows: DataLayerRow[]; error?: string }): string {
  const body = table(
    ['operation', 'post', 'HTTP', 'requests', '≤ req', 'CU (Local)', 'billed CU (AWS rules)', '≤ CU', 'ok', 'commands'],
    result.rows.map((r) => [
      r.name,
      r.size,
      r.status,
      r.requests,
      r.requestTarget ?? '-',
      r.capacityUnits,
      r.billedApproximate ? `≥ ${r.billedCapacityUnits}` : r.billedCapacityUnits,
      r.capacityTarget ?? '-',
      r.ok,
      r.commands,
    ]),
  );
  const legend =
    'ok judges billed CU against ≤ CU (the larger of the two where billed is "≥ n", a lower bound: an image was\n' +
    'unknown). Billed: 2 WCU per started KB per transaction item; index entries 1 WCU per KB, since a transaction\n' +
    'propagates to GSIs after it commits, like any write; reads per 4 KB (bench/billing-model.ts). Local charges a\n' +
    'transaction 2 × the sum of its distinct item sizes and doubles its index writes (awslabs/amazon-dynamodb-local-samples#31).';
  return result.error ? `${body}\n${legend}\n${NA}: ${result.error}` : `${body}\n${legend}`;
}
