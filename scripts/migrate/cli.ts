import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { parseArgs } from 'node:util';
import { migrateToLayout2 } from './v1-to-v2.js';

/**
 * `npm run migrate -- --table NAME [--endpoint URL] [--region R] [--dry-run]`: moves a table from data layout v1
 * to v2 (scripts/migrate/v1-to-v2.ts). Idempotent and resumable; prints one progress line per page to stderr.
 */
const USAGE = 'usage: npm run migrate -- --table NAME [--endpoint URL] [--region REGION] [--dry-run]';

let args;
try {
  args = parseArgs({
    options: {
      table: { type: 'string' },
      endpoint: { type: 'string' },
      region: { type: 'string' },
      'dry-run': { type: 'boolean' },
      help: { type: 'boolean' },
    },
  }).values;
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
  process.exit(2);
}
if (args.help || !args.table) {
  process.stderr.write(`${USAGE}\n`);
  process.exit(args.help ? 0 : 2);
}

const client = new DynamoDBClient({
  region: args.region ?? process.env.AWS_REGION ?? 'us-east-1',
  ...(args.endpoint
    ? { endpoint: args.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
    : {}),
});
const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
const dryRun = args['dry-run'] === true;
const interactive = process.stderr.isTTY;
try {
  const counts = await migrateToLayout2({
    doc,
    table: args.table,
    dryRun,
    onProgress: (c) =>
      process.stderr.write(
        `${interactive ? '\r' : ''}${dryRun ? '[dry run] ' : ''}scanned ${c.scanned} items: ${c.posts} posts, ${c.comments} comments and ${c.heads} post heads ${dryRun ? 'to migrate' : 'migrated'}, ${c.skipped} already in layout 2 or unchanged${interactive ? '' : '\n'}`,
      ),
  });
  if (interactive) process.stderr.write('\n');
  process.stdout.write(`${JSON.stringify({ table: args.table, dryRun, ...counts })}\n`);
} catch (error) {
  process.stderr.write(`\nmigration failed (run it again to resume): ${(error as Error).message}\n`);
  process.exitCode = 1;
} finally {
  client.destroy();
}
