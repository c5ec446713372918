/** What an import file becomes before anything is sent: posts with their comments, and what was left out. */
export interface PlannedComment {
  originalId: string;
  parentOriginalId?: string;
  authorName: string;
  authorEmail?: string;
  authorUrl?: string;
  format: 'html' | 'markdown';
  body: string;
  status: 'approved' | 'pending' | 'spam' | 'trash';
  createdAt: string;
  isPostAuthor?: boolean;
}

export interface PlannedPost {
  originalId: string;
  /** A post that already exists here (Disqus threads): only its comments are sent. */
  existingId?: string;
  slug: string;
  title: string;
  body: string;
  tags: string[];
  status: 'draft' | 'published' | 'scheduled';
  createdAt: string;
  publishedAt?: string;
  publishAt?: string;
  commentsOpen: boolean;
  /** Said in the summary: "private: kept as a draft", "tags cut to 10", … */
  notes: string[];
  comments: PlannedComment[];
}

export interface ImportPlan {
  /** Names the origin: remembered original ids are per source. */
  source: string;
  posts: PlannedPost[];
  /** Items of the file that are not imported, with why (pages, pingbacks, notes, …). */
  skipped: { item: string; reason: string }[];
}

/** Parents before replies, oldest first otherwise (the order ids, and so the public order, follow). */
export function orderComments(comments: PlannedComment[]): PlannedComment[] {
  const byId = new Map(comments.map((c) => [c.originalId, c]));
  const sorted = [...comments].sort(
    (a, b) =>
      a.createdAt.localeCompare(b.createdAt) || a.originalId.localeCompare(b.originalId, 'en', { numeric: true }),
  );
  const done = new Set<string>();
  const ordered: PlannedComment[] = [];
  const visit = (comment: PlannedComment, path: Set<string>) => {
    if (done.has(comment.originalId)) return;
    const parent = comment.parentOriginalId ? byId.get(comment.parentOriginalId) : undefined;
    if (parent && !path.has(parent.originalId)) visit(parent, new Set([...path, comment.originalId]));
    if (done.has(comment.originalId)) return;
    done.add(comment.originalId);
    ordered.push(comment);
  };
  for (const comment of sorted) visit(comment, new Set([comment.originalId]));
  return ordered;
}
