/** A synthesised utterance: id is a content hash, so the same text and voice is made once. */
export interface SpeechAudio {
  id: string;
  path: string;
}

export interface TtsEngine {
  /** Fails with a message naming what to install when the engine cannot run here. */
  checkAvailable(): Promise<void>;
  /** `language` is the conversation's BCP 47 tag; without it, the engine's configured language. */
  synthesize(text: string, language?: string): Promise<SpeechAudio>;
}

/** Content ids are sha256 hex; anything else is not one of ours. */
export const AUDIO_ID = /^[0-9a-f]{64}$/;
