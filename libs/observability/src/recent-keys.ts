/**
 * Keys seen within the last window, to count an event once however often its step runs. Every key is kept
 * equally long, so the oldest are always first in the map and are dropped from the front.
 */
export class RecentKeys {
  private readonly seenUntil = new Map<string, number>();

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** True the first time a key is seen within the window. */
  first(key: string): boolean {
    const now = this.now();
    for (const [oldest, until] of this.seenUntil) {
      if (until > now) break;
      this.seenUntil.delete(oldest);
    }
    if (this.seenUntil.has(key)) return false;
    this.seenUntil.set(key, now + this.windowMs);
    return true;
  }
}
