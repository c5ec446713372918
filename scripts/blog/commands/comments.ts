import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { action, describeError, reportFailures, type CommandContext, type Failure } from '../context.js';
import { UsageError } from '../errors.js';
import { oneLine, print, printJson, table } from '../output.js';

interface AdminComment {
  id: string;
  postId: string;
  parentId: string | null;
  status: string;
  body: string;
  createdAt: string;
  authorEmail: string | null;
  author: { name: string; isPostAuthor: boolean };
}

const STATUSES = ['pending', 'approved', 'spam', 'trash'];
const MODERATION = { approve: 'approved', spam: 'spam', trash: 'trash' } as const;

async function list(context: CommandContext, options: { status: string; post?: string }): Promise<void> {
  if (!STATUSES.includes(options.status)) throw new UsageError(`--status must be one of ${STATUSES.join(', ')}`);
  const comments = await context.api.all<AdminComment>('/admin/comments', {
    status: options.status,
    postId: options.post,
    limit: '100',
  });
  if (context.json) return printJson(comments);
  print(
    table(
      ['id', 'status', 'created', 'author', 'comment'],
      comments.map((c) => [c.id, c.status, c.createdAt, c.author.name, oneLine(c.body)]),
    ),
  );
}

async function moderate(
  context: CommandContext,
  verb: keyof typeof MODERATION | 'delete',
  ids: string[],
): Promise<number> {
  const failures: Failure[] = [];
  const done: { id: string; status: string }[] = [];
  for (const id of ids) {
    try {
      if (verb === 'delete') {
        await context.api.request('DELETE', `/admin/comments/${encodeURIComponent(id)}`);
        done.push({ id, status: 'deleted' });
      } else {
        const { body } = await context.api.request<AdminComment>('PATCH', `/admin/comments/${encodeURIComponent(id)}`, {
          json: { status: MODERATION[verb] },
        });
        done.push({ id, status: body.status });
      }
    } catch (error) {
      failures.push({ item: id, reason: describeError(error) });
    }
  }
  if (context.json) printJson({ done, failures });
  else for (const d of done) print(`${d.id} ${d.status}`);
  return reportFailures(failures);
}

async function reply(context: CommandContext, id: string, options: { body?: string; file?: string }): Promise<void> {
  if ((options.body === undefined) === (options.file === undefined))
    throw new UsageError('give the reply with either --body TEXT or --file PATH');
  let body = options.body;
  if (options.file !== undefined) {
    try {
      body = readFileSync(options.file, 'utf8');
    } catch (error) {
      throw new UsageError(`${options.file}: ${(error as Error).message}`);
    }
  }
  const { body: created } = await context.api.request<{ comment: { id: string } }>('POST', '/admin/comments', {
    json: { parentId: id, body },
  });
  if (context.json) printJson(created);
  else print(`replied: ${created.comment.id}`);
}

export function registerComments(program: Command): void {
  const comments = program.command('comments').description('moderate and answer comments');
  comments
    .command('list')
    .option('--status <status>', STATUSES.join('|'), 'pending')
    .option('--post <postId>', 'only this post')
    .description('the moderation queue, newest first')
    .action(action(list));
  for (const verb of ['approve', 'spam', 'trash', 'delete'] as const) {
    comments
      .command(verb)
      .argument('<ids...>', 'comment ids')
      .description(`${verb} comments`)
      .action(action((context, ids: string[]) => moderate(context, verb, ids)));
  }
  comments
    .command('reply')
    .argument('<id>', 'the comment to answer')
    .option('--body <text>', 'the reply (markdown)')
    .option('--file <path>', 'read the reply from a file')
    .description('answer a reader as the post author')
    .action(action(reply));
}
