import type { Config } from '../config/config.js';
import { logger } from '../logger.js';
import {
  commentMailHooks,
  postMailHooks,
  type CommentMailHooks,
  type PostMailHooks,
} from '../use-cases/subscriptions/mail-hooks.js';
import type { MailJob } from '../use-cases/subscriptions/mail-jobs.js';
import { mailQueueFor } from './mail-queue.js';

/** The mail hooks of the write paths, built once per function from the config (MAIL_QUEUE_URL, SITE_URL). */
const onError = (error: unknown) =>
  // The error's name and message only: a job can hold a recipient's address, which never goes to logs.
  logger.warn('mail job not queued; the write stands', {
    errorName: (error as Error).name,
    errorMessage: (error as Error).message,
  });

const settingsFrom = (config: Config) => ({
  queue: mailQueueFor<MailJob>(config),
  siteUrl: config.SITE_URL,
  timeZone: config.SITE_TIMEZONE,
  onError,
});

export const commentMailHooksFrom = (config: Config, salt: string): CommentMailHooks =>
  commentMailHooks({ ...settingsFrom(config), salt });

export const postMailHooksFrom = (config: Config): PostMailHooks => postMailHooks(settingsFrom(config));
