/** A cloud voice failed, was too slow, or answered something that is not audio: eSpeak speaks instead. */
export class TtsError extends Error {
  override name = 'TtsError';
}
