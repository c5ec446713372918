/** A comment as the domain sees it. Storage details (keys, GSIs) live in shared/data. */
export const COMMENT_STATUSES = ['pending', 'approved', 'spam', 'trash'] as const;
export type CommentStatus = (typeof COMMENT_STATUSES)[number];

export interface Comment {
  id: string;
  postId: string;
  parentId: string | null;
  /** 1 for a top-level comment, parent depth + 1 for a reply. */
  depth: number;
  authorName: string;
  /** Lowercased. Private: never in public responses, feeds or logs. */
  authorEmail: string | null;
  authorUrl: string | null;
  avatarUrl: string | null;
  isPostAuthor: boolean;
  /** Markdown source as submitted. */
  body: string;
  /** Rendered and sanitized at write time. */
  html: string;
  status: CommentStatus;
  createdAt: string;
  updatedAt: string;
}

/** The public Comment shape of the contract. `number` is null for a comment that is not (yet) approved. */
export interface PublicComment {
  id: string;
  postId: string;
  number: number | null;
  parentId: string | null;
  author: { name: string; url: string | null; avatarUrl: string | null; isPostAuthor: boolean };
  html: string;
  createdAt: string;
}

export interface PublicCommentNode extends PublicComment {
  replies: PublicCommentNode[];
}

export interface AdminComment extends PublicComment {
  authorEmail: string | null;
  status: CommentStatus;
  body: string;
  depth: number;
  updatedAt: string;
}

/** Whitelists fields, so nothing private can reach a public response by accident. */
export function toPublicComment(comment: Comment, number: number | null): PublicComment {
  return {
    id: comment.id,
    postId: comment.postId,
    number,
    parentId: comment.parentId,
    author: {
      name: comment.authorName,
      url: comment.authorUrl,
      avatarUrl: comment.avatarUrl,
      isPostAuthor: comment.isPostAuthor,
    },
    html: comment.html,
    createdAt: comment.createdAt,
  };
}

export function toAdminComment(comment: Comment): AdminComment {
  return {
    ...toPublicComment(comment, null),
    authorEmail: comment.authorEmail,
    status: comment.status,
    body: comment.body,
    depth: comment.depth,
    updatedAt: comment.updatedAt,
  };
}

/**
 * Nests replies under their parents. A reply whose parent is not in the list (on an earlier page, or no longer
 * approved) stays at the top level with its parentId, so nothing approved disappears from the page.
 */
export function nestComments(comments: PublicComment[]): PublicCommentNode[] {
  const nodes = new Map<string, PublicCommentNode>();
  for (const comment of comments) nodes.set(comment.id, { ...comment, replies: [] });
  const roots: PublicCommentNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined;
    if (parent) parent.replies.push(node);
    else roots.push(node);
  }
  return roots;
}

export const ANONYMOUS = 'Anonymous';
