import { postWithTimeout } from './http';
import { SttError } from './stt-error';

export interface Transcription {
  text: string;
  confidence?: number;
}

/** Speech to text for one recorded customer turn. */
export interface SttEngine {
  /** `language` is the conversation's BCP 47 tag; engines that detect it themselves may ignore it. */
  transcribe(audio: Buffer, mimeType: string, language?: string): Promise<Transcription>;
  /** Local engines check their tools at start-up and name what to install. */
  checkAvailable?(): Promise<void>;
}

export interface SttConfig {
  baseUrl: string;
  apiKey: string;
  model: string;
  timeoutMs: number;
}

/** An OpenAI-compatible `/audio/transcriptions` endpoint (multipart form with the file and the model). */
export class OpenAiCompatibleStt implements SttEngine {
  constructor(private readonly config: SttConfig) {}

  async transcribe(audio: Buffer, mimeType: string): Promise<Transcription> {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(audio)], { type: mimeType }), `turn.${mimeType.split('/')[1] ?? 'wav'}`);
    form.append('model', this.config.model);
    form.append('response_format', 'json');
    const body = (await postWithTimeout(`${this.config.baseUrl.replace(/\/$/, '')}/audio/transcriptions`, {
      headers: { authorization: `Bearer ${this.config.apiKey}` },
      body: form,
      timeoutMs: this.config.timeoutMs,
    })) as { text?: unknown };
    if (typeof body.text !== 'string') throw new SttError('transcription answer has no text');
    return { text: body.text.trim() };
  }
}

/** Deepgram's pre-recorded API: the raw audio as the body, the key as `Token`. */
export class DeepgramStt implements SttEngine {
  constructor(private readonly config: SttConfig) {}

  async transcribe(audio: Buffer, mimeType: string): Promise<Transcription> {
    const url = `${this.config.baseUrl.replace(/\/$/, '')}/v1/listen?model=${encodeURIComponent(this.config.model)}&smart_format=true`;
    const body = (await postWithTimeout(url, {
      headers: { authorization: `Token ${this.config.apiKey}`, 'content-type': mimeType },
      body: new Uint8Array(audio),
      timeoutMs: this.config.timeoutMs,
    })) as { results?: { channels?: { alternatives?: { transcript?: unknown; confidence?: unknown }[] }[] } };
    const best = body.results?.channels?.[0]?.alternatives?.[0];
    if (typeof best?.transcript !== 'string') throw new SttError('Deepgram answer has no transcript');
    return { text: best.transcript.trim(), ...(typeof best.confidence === 'number' ? { confidence: best.confidence } : {}) };
  }
}
