import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { SpeechAudio, TtsEngine } from './tts-engine';

const run = promisify(execFile);

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
  private readonly inFlight = new Map<string, Promise<SpeechAudio>>();
  private readonly espeakVoice: string;

  constructor(private readonly options: EspeakOptions) {
    this.espeakVoice = `${options.language.toLowerCase()}+${VARIANTS[options.voice]}`;
  }

  async checkAvailable(): Promise<void> {
    for (const [tool, pkg] of [
      ['espeak-ng', 'espeak-ng'],
      ['sox', 'sox'],
    ] as const) {
      try {
        await run(tool, ['--version']);
      } catch {
        throw new Error(`TTS_ENGINE=espeak needs the "${tool}" command: install the Debian package ${pkg}`);
      }
    }
    await mkdir(this.options.cacheDir, { recursive: true });
  }

  synthesize(text: string): Promise<SpeechAudio> {
    const id = createHash('sha256').update(`espeak\0${this.espeakVoice}\0${text}`).digest('hex');
    const existing = this.inFlight.get(id);
    if (existing) return existing;
    const made = this.make(id, text).finally(() => this.inFlight.delete(id));
    this.inFlight.set(id, made);
    return made;
  }

  private async make(id: string, text: string): Promise<SpeechAudio> {
    const path = join(this.options.cacheDir, `${id}.wav`);
    if (await exists(path)) return { id, path };
    await mkdir(this.options.cacheDir, { recursive: true });
    const raw = join(this.options.cacheDir, `${id}.${randomUUID()}.raw.wav`);
    const converted = join(this.options.cacheDir, `${id}.${randomUUID()}.tmp.wav`);
    try {
      await runWithInput('espeak-ng', ['-v', this.espeakVoice, '-s', '160', '-w', raw, '--stdin'], text);
      await run('sox', [raw, '-r', '8000', '-c', '1', '-b', '16', '-e', 'signed-integer', converted]);
      // Rename is atomic: a reader never sees half a file.
      await rename(converted, path);
    } finally {
      await rm(raw, { force: true });
      await rm(converted, { force: true });
    }
    return { id, path };
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).size > 0;
  } catch {
    return false;
  }
}

/** Text goes in on stdin so that no utterance is ever parsed as a command-line option. */
function runWithInput(command: string, args: string[], input: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = execFile(command, args, (error) => (error ? reject(error) : resolve()));
    child.stdin?.end(input);
  });
}
