import { requireCommand } from '../require-command';
import { downloadSpeech } from './http-speech';
import { requireSoxFormat, SpeechCache, speechId } from './speech-cache';
import type { SpeechAudio, TtsEngine } from './tts-engine';

export interface TelnyxTtsOptions {
  cacheDir: string;
  /** Telnyx's API base including the version, e.g. https://api.telnyx.com/v2. */
  baseUrl: string;
  apiKey: string;
  /** Provider.Model.VoiceId, e.g. Telnyx.NaturalHD.astra. */
  voice: string;
  timeoutMs: number;
}

/**
 * Telnyx's REST text-to-speech: `POST {base}/text-to-speech/speech` with `{ text, voice }` and a Bearer key
 * answers the audio bytes (binary_output, the default), typed by Content-Type: MP3 for most voices, WAV for some.
 */
export class TelnyxTtsEngine implements TtsEngine {
  private readonly cache: SpeechCache;

  constructor(private readonly options: TelnyxTtsOptions) {
    this.cache = new SpeechCache(options.cacheDir);
  }

  async checkAvailable(): Promise<void> {
    await requireCommand('TTS_ENGINE=telnyx', 'sox', 'sox');
    await requireSoxFormat('telnyx', 'mp3', 'libsox-fmt-mp3');
    await this.cache.prepare();
  }

  /** The voice stays the configured one; Telnyx takes the language code beside it (its multilingual voices follow it). */
  synthesize(text: string, language?: string): Promise<SpeechAudio> {
    const { baseUrl, apiKey, voice, timeoutMs } = this.options;
    return downloadSpeech(this.cache, speechId('telnyx', language ? `${voice}\0${language}` : voice, text), {
      provider: 'Telnyx text-to-speech',
      url: `${baseUrl.replace(/\/$/, '')}/text-to-speech/speech`,
      apiKey,
      body: { text, voice, ...(language ? { language } : {}) },
      timeoutMs,
    });
  }
}
