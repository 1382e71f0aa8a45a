import type { SpeechAudio, TtsEngine } from './tts-engine';

/**
 * A cloud voice with eSpeak behind it: an utterance the cloud fails on (an error status, its own timeout,
 * audio that will not convert) is spoken by the fallback instead, so the call never goes silent. The next
 * utterance tries the cloud again.
 */
export class FallbackTtsEngine implements TtsEngine {
  constructor(
    private readonly primary: TtsEngine,
    private readonly fallback: TtsEngine,
    private readonly logger: { warn(message: string): void },
  ) {}

  async checkAvailable(): Promise<void> {
    await this.primary.checkAvailable();
    await this.fallback.checkAvailable();
  }

  async synthesize(text: string, language?: string): Promise<SpeechAudio> {
    try {
      return await this.primary.synthesize(text, language);
    } catch (error) {
      this.logger.warn(`cloud voice failed, the fallback voice speaks this utterance: ${error instanceof Error ? error.message : String(error)}`);
      return this.fallback.synthesize(text, language);
    }
  }
}
