import type { FeedRebuildTrigger } from '../../domain/feed-trigger.js';
import type { PostReader } from '../../domain/post.js';
import type { PostRepository } from '../../domain/post-repository.js';
import type { PostMailHooks } from '../subscriptions/mail-hooks.js';

/** What the public post use cases need: reads only. */
export interface PublicPostsDeps {
  posts: PostReader;
  /** Absolute base URL for links in responses (config SITE_URL). */
  siteUrl: string;
  /** Permalink days are counted in this zone (config SITE_TIMEZONE). */
  timeZone: string;
}

/** What the admin post use cases need; the clock and id source are injected so tests can freeze them. */
export interface AdminPostsDeps {
  posts: PostRepository;
  siteUrl: string;
  timeZone: string;
  now: () => Date;
  newId: () => string;
  feeds: FeedRebuildTrigger;
  /** Used when the admin token carries no name/email claim (config BLOG_AUTHOR_NAME / BLOG_AUTHOR_EMAIL). */
  defaultAuthor: { name: string; email?: string };
  /** New-post mail once a post becomes published (queue only, failures logged). */
  mail?: PostMailHooks;
}
