import { OpenAiCompatibleStt, type SttConfig, type SttEngine, type Transcription } from './stt-engine';

/**
 * Telnyx's file-based transcription, `POST {base}/ai/audio/transcriptions` (base e.g. https://api.telnyx.com/v2):
 * the OpenAI multipart form (file, model, response_format) with a Bearer key, answering `{ text }`.
 */
export class TelnyxStt implements SttEngine {
  private readonly openAiForm: OpenAiCompatibleStt;

  constructor(config: SttConfig) {
    this.openAiForm = new OpenAiCompatibleStt({ ...config, baseUrl: `${config.baseUrl.replace(/\/$/, '')}/ai` });
  }

  transcribe(audio: Buffer, mimeType: string): Promise<Transcription> {
    return this.openAiForm.transcribe(audio, mimeType);
  }
}
