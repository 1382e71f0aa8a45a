import { writeFile } from 'node:fs/promises';
import { type SpeechCache, toTelephonyWav } from './speech-cache';
import type { SpeechAudio } from './tts-engine';
import { TtsError } from './tts-error';

/** sox's name for each audio type a provider may answer with. */
const SOX_TYPES: Readonly<Record<string, string>> = {
  'audio/wav': 'wav',
  'audio/wave': 'wav',
  'audio/x-wav': 'wav',
  'audio/vnd.wave': 'wav',
  'audio/mpeg': 'mp3',
  'audio/mp3': 'mp3',
};

export interface SpeechRequest {
  /** Names the provider in errors, e.g. "Telnyx text-to-speech". */
  provider: string;
  url: string;
  apiKey: string;
  /** Sent as JSON. */
  body: unknown;
  timeoutMs: number;
}

/**
 * A cloud voice's utterance as the cached 8 kHz WAV named `id`: POSTs the JSON request with a Bearer key,
 * reads the audio answer and converts it with sox. Any failure, including the timeout, is a TtsError.
 */
export function downloadSpeech(cache: SpeechCache, id: string, request: SpeechRequest): Promise<SpeechAudio> {
  return cache.obtain(id, async ({ output, scratch }) => {
    const { bytes, soxType } = await fetchAudio(request);
    const source = scratch(soxType);
    await writeFile(source, bytes);
    try {
      await toTelephonyWav(source, output, soxType);
    } catch (error) {
      const detail = (error as { stderr?: string }).stderr?.trim() || String(error);
      throw new TtsError(`${request.provider} answered ${soxType} audio that sox cannot convert: ${detail}`);
    }
  });
}

async function fetchAudio(request: SpeechRequest): Promise<{ bytes: Buffer; soxType: string }> {
  const controller = new AbortController();
  // One deadline for the answer and its body: a provider that sends headers and then stalls is too slow too.
  const timer = setTimeout(() => controller.abort(), request.timeoutMs);
  try {
    const response = await fetch(request.url, {
      method: 'POST',
      headers: { authorization: `Bearer ${request.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(request.body),
      signal: controller.signal,
    });
    if (!response.ok) {
      const detail = (await response.text()).slice(0, 200);
      throw new TtsError(`${request.provider} answered HTTP ${response.status}${detail ? `: ${detail}` : ''}`);
    }
    const type = (response.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const soxType = SOX_TYPES[type];
    if (!soxType) {
      await response.body?.cancel();
      throw new TtsError(`${request.provider} answered ${type || 'no content type'}, not WAV or MP3 audio`);
    }
    const bytes = Buffer.from(await response.arrayBuffer());
    if (bytes.length === 0) throw new TtsError(`${request.provider} answered no audio`);
    return { bytes, soxType };
  } catch (error) {
    if (error instanceof TtsError) throw error;
    throw new TtsError(
      controller.signal.aborted
        ? `${request.provider} took longer than ${request.timeoutMs} ms`
        : `${request.provider} request failed: ${String(error)}`,
    );
  } finally {
    clearTimeout(timer);
  }
}
