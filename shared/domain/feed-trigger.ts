/**
 * Publishing a post or moderating a comment asks for a feed rebuild of what it affects. The request never waits
 * for the rebuild: in AWS it is an asynchronous Lambda invocation, locally the runtime runs the job in-process.
 */
export interface FeedRebuildRequest {
  /** Rebuild everything (admin "rebuild" and the schedule). */
  all?: boolean;
  /** Site feeds (posts published, unpublished, edited). */
  site?: boolean;
  /** Comment feeds of these posts (and the site comments feed). */
  postIds?: string[];
}

export interface FeedRebuildTrigger {
  request(rebuild: FeedRebuildRequest): Promise<void>;
}
