import { execFile } from 'node:child_process';
import { requireCommand, SpeechCache, speechId, toTelephonyWav } from './speech-cache';
import type { SpeechAudio, TtsEngine } from './tts-engine';

export interface EspeakOptions {
  cacheDir: string;
  voice: 'female' | 'male';
  /** BCP 47 tag such as en-US; eSpeak NG names its voices in lower case. */
  language: string;
}

/** eSpeak NG variants that sound least robotic for each seed voice name. */
const VARIANTS = { female: 'f3', male: 'm3' } as const;

/**
 * Offline text-to-speech: eSpeak NG renders the text, sox converts it to the 8 kHz mono 16-bit WAV
 * that Asterisk plays without transcoding. Files are cached by a hash of engine, voice and text.
 */
export class EspeakTtsEngine implements TtsEngine {
  private readonly cache: SpeechCache;
  private readonly espeakVoice: string;

  constructor(options: EspeakOptions) {
    this.cache = new SpeechCache(options.cacheDir);
    this.espeakVoice = `${options.language.toLowerCase()}+${VARIANTS[options.voice]}`;
  }

  async checkAvailable(): Promise<void> {
    await requireCommand('espeak', 'espeak-ng', 'espeak-ng');
    await requireCommand('espeak', 'sox', 'sox');
    await this.cache.prepare();
  }

  synthesize(text: string): Promise<SpeechAudio> {
    return this.cache.obtain(speechId('espeak', this.espeakVoice, text), async ({ output, scratch }) => {
      const raw = scratch('raw.wav');
      await runWithInput('espeak-ng', ['-v', this.espeakVoice, '-s', '160', '-w', raw, '--stdin'], text);
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
