/** The provider failed, was too slow, or answered something unreadable: the turn counts as unclear. */
export class SttError extends Error {
  override name = 'SttError';
}
