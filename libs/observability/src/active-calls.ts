/**
 * The calls this process dialed and has not seen end. A call's end is normally recorded by the same worker
 * (its steps are local activities of one workflow), but a workflow can move to another worker mid-call:
 * then this process never hears of the end, so each call is forgotten once it has outlived the longest a
 * call can last. An end reported for a call dialed elsewhere changes nothing, so the count never goes negative.
 */
export class ActiveCalls {
  private readonly forgetAt = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  dialed(callId: string, maxLifetimeMs: number): void {
    this.forgetAt.set(callId, this.now() + maxLifetimeMs);
  }

  ended(callId: string): void {
    this.forgetAt.delete(callId);
  }

  count(): number {
    const now = this.now();
    for (const [callId, at] of this.forgetAt) if (at <= now) this.forgetAt.delete(callId);
    return this.forgetAt.size;
  }
}
