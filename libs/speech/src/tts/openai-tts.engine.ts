import { requireCommand } from '../require-command';
import { downloadSpeech } from './http-speech';
import { SpeechCache, speechId } from './speech-cache';
import type { SpeechAudio, TtsEngine } from './tts-engine';

export interface OpenAiTtsOptions {
  cacheDir: string;
  /** The API base the paths hang off, e.g. https://api.openai.com/v1. */
  baseUrl: string;
  apiKey: string;
  model: string;
  voice: string;
  timeoutMs: number;
}

/** Any OpenAI-compatible `POST {base}/audio/speech`, asked for WAV so that sox needs no MP3 support. */
export class OpenAiTtsEngine implements TtsEngine {
  private readonly cache: SpeechCache;

  constructor(private readonly options: OpenAiTtsOptions) {
    this.cache = new SpeechCache(options.cacheDir);
  }

  async checkAvailable(): Promise<void> {
    await requireCommand('TTS_ENGINE=openai', 'sox', 'sox');
    await this.cache.prepare();
  }

  /** The API takes no language: its voices speak the language of the text they are given. */
  synthesize(text: string): Promise<SpeechAudio> {
    const { baseUrl, apiKey, model, voice, timeoutMs } = this.options;
    // The model is part of the voice: the same voice name sounds different on another model.
    return downloadSpeech(this.cache, speechId('openai', `${model}\0${voice}`, text), {
      provider: 'OpenAI-compatible speech',
      url: `${baseUrl.replace(/\/$/, '')}/audio/speech`,
      apiKey,
      body: { model, voice, input: text, response_format: 'wav' },
      timeoutMs,
    });
  }
}
