/**
 * An organization's dial limits, shared by all its running campaigns (a carrier rejects bursts above its
 * calls per second, whichever campaign sends them). Null is no limit.
 */
export interface DialLimits {
  callsPerSecond: number | null;
  maxConcurrentCalls: number | null;
}

/** Upper bounds the API accepts; both limits are above zero. */
export const DIAL_LIMIT_MAX = { callsPerSecond: 1_000, maxConcurrentCalls: 10_000 } as const;
