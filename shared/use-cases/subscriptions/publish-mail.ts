import type { ScheduledPublisher } from '../feeds/feed-source.js';
import type { PostMailHooks } from './mail-hooks.js';

/**
 * The feed job publishes due scheduled posts; this decorator mails the new-post subscribers after each publish that
 * really happened, without the feed job knowing about mail. Every other method passes through unchanged (a Proxy,
 * so methods added to the publisher later need no change here).
 */
export function withPublishMail(publisher: ScheduledPublisher, mail: PostMailHooks): ScheduledPublisher {
  const publishScheduled: ScheduledPublisher['publishScheduled'] = async (post, now) => {
    const published = await publisher.publishScheduled(post, now);
    if (published?.status === 'published') await mail.postPublished(published);
    return published;
  };
  return new Proxy(publisher, {
    get(target, property) {
      if (property === 'publishScheduled') return publishScheduled;
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
