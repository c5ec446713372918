import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../shared/data/keys.js';
import { apiClient, runtime, uniqueIp, type RuntimeInfo } from './index.js';

/**
 * The fixture builders of the integration tests (posts through the admin API, stored rows of a post) on top of the
 * one HTTP client (`apiClient` in test/support/index.ts). They talk to a running local runtime (real HTTP through
 * the REST emulator into the real handlers) and read DynamoDB Local directly only to count what was stored.
 */
export interface RuntimeEndpoints {
  url: string;
  adminToken: string;
  dynamoEndpoint: string;
  tableName: string;
}

export interface HttpResult {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

export interface CallOptions {
  json?: unknown;
  body?: string;
  headers?: Record<string, string>;
  /** Sent as X-Forwarded-For: the local runtime uses it as the client IP. */
  ip?: string;
  token?: string;
}

type Item = Record<string, unknown>;

export class TestApi {
  readonly doc: DynamoDBDocumentClient;
  private postCounter = 0;

  constructor(readonly endpoints: RuntimeEndpoints) {
    const raw = new DynamoDBClient({
      endpoint: endpoints.dynamoEndpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    this.doc = DynamoDBDocumentClient.from(raw);
    this.http = apiClient({ url: endpoints.url, adminToken: endpoints.adminToken });
  }

  private readonly http: ReturnType<typeof apiClient>;

  async call(method: string, path: string, options: CallOptions = {}): Promise<HttpResult> {
    return this.http(path, {
      method,
      headers: options.headers,
      ip: options.ip,
      admin: options.token,
      ...(options.body !== undefined
        ? { body: options.body }
        : options.json !== undefined
          ? { json: options.json }
          : {}),
    });
  }

  admin(method: string, path: string, options: CallOptions = {}): Promise<HttpResult> {
    return this.call(method, path, { ...options, token: this.endpoints.adminToken });
  }

  /** Creates a post through the admin API with a slug unique to this test run. */
  async createPost(
    fields: { status?: string; commentsOpen?: boolean; publishAt?: string; title?: string } = {},
  ): Promise<{ id: string; slug: string }> {
    const slug = `h4-${Date.now().toString(36)}-${process.pid}-${++this.postCounter}`;
    const response = await this.admin('POST', '/admin/posts', {
      json: {
        title: fields.title ?? `Comments test ${this.postCounter}`,
        slug,
        body: 'Post body',
        status: fields.status ?? 'published',
        ...fields,
      },
    });
    if (response.status !== 201) throw new Error(`creating a post failed: ${response.status} ${response.text}`);
    return { id: response.json.id, slug };
  }

  /** The post item merged with its head (where commentCount and likeCount live). */
  async postItem(postId: string): Promise<Item> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.endpoints.tableName, Key: keys.post(postId), ConsistentRead: true }),
    );
    const head = await this.doc.send(
      new GetCommand({
        TableName: this.endpoints.tableName,
        Key: keys.postHead(String(Item!.slug)),
        ConsistentRead: true,
      }),
    );
    return { ...Item!, commentCount: head.Item?.commentCount, likeCount: head.Item?.likeCount };
  }

  /** Every item stored for a post's comments and likes (comments, guards, likes, lookups, idempotency) — not the post's own items. */
  async rowsOf(postId: string): Promise<Item[]> {
    const rows: Item[] = [];
    let start: Item | undefined;
    do {
      const page = await this.doc.send(
        new ScanCommand({ TableName: this.endpoints.tableName, ConsistentRead: true, ExclusiveStartKey: start }),
      );
      for (const item of page.Items ?? []) {
        const pk = String(item.pk);
        // Feed-dirty markers are the feed job's to clear, whenever another test makes it run.
        if (
          item.entity === 'post' ||
          item.entity === 'postHead' ||
          item.entity === 'postPublic' ||
          item.entity === 'commentThread' ||
          pk === 'FEEDS#DIRTY'
        )
          continue;
        if (pk === `POST#${postId}` || item.postId === postId || pk.startsWith(`IDEMPOTENCY#comment:${postId}#`))
          rows.push(item);
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return rows.sort((a, b) => `${a.pk}${a.sk}`.localeCompare(`${b.pk}${b.sk}`));
  }

  async commentRows(postId: string): Promise<Item[]> {
    return (await this.rowsOf(postId)).filter((item) => item.entity === 'comment');
  }

  async rateRows(): Promise<Item[]> {
    const page = await this.doc.send(
      new ScanCommand({
        TableName: this.endpoints.tableName,
        ConsistentRead: true,
        FilterExpression: 'begins_with(pk, :p)',
        ExpressionAttributeValues: { ':p': 'RATE#' },
      }),
    );
    return page.Items ?? [];
  }

  destroy(): void {
    this.doc.destroy();
  }
}

/** A client address no other test uses, so the per-visitor rate limit stays out of the way. */
export const freshIp = uniqueIp;

/** A TestApi on the suite's shared runtime (test/support/global-setup.ts), or on an isolated one. */
export function connect(
  info: Pick<RuntimeInfo, 'url' | 'adminToken' | 'dynamoEndpoint' | 'tableName'> = runtime(),
): TestApi {
  return new TestApi({
    url: info.url.replace('localhost', '127.0.0.1'),
    adminToken: info.adminToken,
    dynamoEndpoint: info.dynamoEndpoint,
    tableName: info.tableName,
  });
}
