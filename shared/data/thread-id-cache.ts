/**
 * Which post id a slug led to, remembered by one container so the comment list can read a post's thread in ONE
 * Query. It is only a guess: the thread marker read by that same Query says which slug the post has now and whether
 * it is published, and a guess the marker contradicts is dropped and resolved through the head again. So a stale
 * entry can cost a request, never a wrong answer. Bounded, oldest entry out first.
 */
export class ThreadIdCache {
  private readonly ids = new Map<string, string>();

  constructor(private readonly capacity = 2_000) {}

  get(slug: string): string | undefined {
    const id = this.ids.get(slug);
    if (id !== undefined) {
      // Re-inserted so that the slugs being read stay and the ones nobody reads any more leave first.
      this.ids.delete(slug);
      this.ids.set(slug, id);
    }
    return id;
  }

  set(slug: string, postId: string): void {
    this.ids.delete(slug);
    this.ids.set(slug, postId);
    if (this.ids.size > this.capacity) this.ids.delete(this.ids.keys().next().value as string);
  }

  forget(slug: string): void {
    this.ids.delete(slug);
  }
}
