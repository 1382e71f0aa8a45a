import { execFile } from 'node:child_process';
import { requireCommand } from '../require-command';
import { SpeechCache, speechId, toTelephonyWav } from './speech-cache';
import type { SpeechAudio, TtsEngine } from './tts-engine';

export interface EspeakOptions {
  cacheDir: string;
  voice: 'female' | 'male';
  /** BCP 47 tag such as en-US, for utterances that name no language. */
  language: string;
}

/** eSpeak NG variants that sound least robotic for each seed voice name. */
const VARIANTS = { female: 'f3', male: 'm3' } as const;

/**
 * eSpeak NG's voice for a BCP 47 tag: its names are lower case, Spain's Spanish is `es` and every
 * American Spanish is `es-419`; other tags are eSpeak's own names already (en-us, en-gb, fr).
 */
export function espeakLanguage(tag: string): string {
  const lower = tag.toLowerCase();
  if (lower === 'es-es') return 'es';
  if (lower.startsWith('es-')) return 'es-419';
  return lower;
}

/**
 * Offline text-to-speech: eSpeak NG renders the text, sox converts it to the 8 kHz mono 16-bit WAV
 * that Asterisk plays without transcoding. Files are cached by a hash of engine, voice and text.
 */
export class EspeakTtsEngine implements TtsEngine {
  private readonly cache: SpeechCache;
  constructor(private readonly options: EspeakOptions) {
    this.cache = new SpeechCache(options.cacheDir);
  }

  async checkAvailable(): Promise<void> {
    await requireCommand('TTS_ENGINE=espeak', 'espeak-ng', 'espeak-ng');
    await requireCommand('TTS_ENGINE=espeak', 'sox', 'sox');
    await this.cache.prepare();
  }

  synthesize(text: string, language = this.options.language): Promise<SpeechAudio> {
    // The voice names the language, so the cache keeps each language's rendering of a text apart.
    const voice = `${espeakLanguage(language)}+${VARIANTS[this.options.voice]}`;
    return this.cache.obtain(speechId('espeak', voice, text), async ({ output, scratch }) => {
      const raw = scratch('raw.wav');
      await runWithInput('espeak-ng', ['-v', voice, '-s', '160', '-w', raw, '--stdin'], text);
      await toTelephonyWav(raw, output);
    });
  }
}

/** Text goes in on stdin so that no utterance is ever parsed as a command-line option. */
function runWithInput(command: string, args: string[], input: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = execFile(command, args, (error) => (error ? reject(error) : resolve()));
    child.stdin?.end(input);
  });
}
