import { execFile, spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SttError } from './stt-error';
import type { SttEngine, Transcription } from './stt-engine';
import { type GrammarLanguage, grammarLanguage, intentGrammar } from './intent-grammar';

const run = promisify(execFile);

export interface PocketsphinxOptions {
  /** Debian's pocketsphinx-en-us: the acoustic model directory and its pronunciation dictionary. */
  modelDir: string;
  /** Grammars and per-turn audio files. */
  workDir: string;
  timeoutMs: number;
}

export const DEBIAN_MODEL_DIR = '/usr/share/pocketsphinx/model/en-us';

/** The model is wideband (16 kHz); phone audio is resampled to it. */
const MODEL_RATE = 16_000;
/** Level of the noise that fills the band a phone line lacks (16-bit full scale is 32,767). */
const BAND_FILL_PEAK = 250;

/**
 * Offline speech recognition with CMU PocketSphinx (Debian's pocketsphinx and pocketsphinx-en-us), constrained
 * by the intent grammar. One decoder process per turn: with a grammar it loads and decodes in about a
 * quarter of a second.
 *
 * Phone audio is 8 kHz; the only packaged model was trained on 16 kHz speech. Resampled phone audio has
 * nothing above 4 kHz, which the model's filter bank reads as a wrong spectrum; filling that band with
 * quiet noise restores features the model recognises (measured in bench/README.md).
 */
export class PocketsphinxStt implements SttEngine {
  private readonly grammars = new Map<GrammarLanguage, Promise<string[]>>();
  private bandFill?: Int16Array;

  constructor(private readonly options: PocketsphinxOptions) {}

  async checkAvailable(): Promise<void> {
    for (const [tool, pkg] of [
      ['pocketsphinx_continuous', 'pocketsphinx'],
      ['sox', 'sox'],
    ] as const) {
      try {
        await run('sh', ['-c', `command -v ${tool}`]);
      } catch {
        throw new Error(`STT_ENGINE=pocketsphinx needs the "${tool}" command: install the Debian package ${pkg} (and pocketsphinx-en-us)`);
      }
    }
    await mkdir(this.options.workDir, { recursive: true });
  }

  async transcribe(audio: Buffer, _mimeType: string, language?: string): Promise<Transcription> {
    const grammarArgs = await this.grammarArgs(grammarLanguage(language));
    const file = join(this.options.workDir, `${randomUUID()}.raw`);
    try {
      await writeFile(file, await this.toModelAudio(audio));
      const { stdout } = await run(
        'pocketsphinx_continuous',
        ['-hmm', join(this.options.modelDir, 'en-us'), ...grammarArgs, '-infile', file, '-logfn', '/dev/null'],
        { timeout: this.options.timeoutMs },
      ).catch((error: unknown) => {
        throw new SttError(`pocketsphinx failed: ${error instanceof Error ? error.message : String(error)}`);
      });
      const words = stdout
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean)
        .join(' ');
      return { text: dropFillers(words) };
    } finally {
      await rm(file, { force: true });
    }
  }

  /** 16 kHz 16-bit raw samples with the missing upper band filled. */
  private async toModelAudio(audio: Buffer): Promise<Buffer> {
    const samples = await soxToRaw(audio, MODEL_RATE);
    const fill = await this.bandNoise();
    for (let i = 0; i < samples.length; i++) {
      samples[i] = Math.max(-32768, Math.min(32767, samples[i]! + fill[i % fill.length]!));
    }
    return Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
  }

  /** Ten seconds of noise between 4.2 and 7.8 kHz, the same every run (sox -R). */
  private async bandNoise(): Promise<Int16Array> {
    if (this.bandFill) return this.bandFill;
    const { stdout } = await run(
      'sox',
      ['-R', '-n', '-r', String(MODEL_RATE), '-c', '1', '-b', '16', '-e', 'signed-integer', '-t', 'raw', '-', 'synth', '10', 'whitenoise', 'sinc', '4200-7800', 'gain', '-n', `${20 * Math.log10(BAND_FILL_PEAK / 32767)}`],
      { encoding: 'buffer', maxBuffer: 1 << 22 },
    );
    this.bandFill = new Int16Array(stdout.buffer, stdout.byteOffset, stdout.byteLength / 2).slice();
    return this.bandFill;
  }

  private grammarArgs(language: GrammarLanguage): Promise<string[]> {
    let args = this.grammars.get(language);
    if (!args) {
      args = this.writeGrammar(language);
      this.grammars.set(language, args);
      args.catch(() => this.grammars.delete(language));
    }
    return args;
  }

  private async writeGrammar(language: GrammarLanguage): Promise<string[]> {
    const grammar = intentGrammar(language);
    const id = createHash('sha256').update(grammar.jsgf).update(grammar.lexicon ?? '').digest('hex').slice(0, 16);
    await mkdir(this.options.workDir, { recursive: true });
    const jsgfPath = join(this.options.workDir, `${language}-${id}.gram`);
    await writeFile(jsgfPath, grammar.jsgf);
    if (!grammar.lexicon) return ['-jsgf', jsgfPath, '-dict', join(this.options.modelDir, 'cmudict-en-us.dict')];
    const dictPath = join(this.options.workDir, `${language}-${id}.dict`);
    await writeFile(dictPath, grammar.lexicon);
    return ['-jsgf', jsgfPath, '-dict', dictPath];
  }
}

const FILLERS = new Set(['um', 'uh', 'hmm', 'oh', 'eh', 'mm']);

function dropFillers(words: string): string {
  return words
    .split(' ')
    .filter((word) => word && !FILLERS.has(word))
    .join(' ');
}

/** Any audio sox reads (the WAV Asterisk records) as mono 16-bit samples at `rate`. */
function soxToRaw(audio: Buffer, rate: number): Promise<Int16Array> {
  return new Promise((resolve, reject) => {
    const sox = spawn('sox', ['-R', '-t', 'wav', '-', '-t', 'raw', '-r', String(rate), '-c', '1', '-b', '16', '-e', 'signed-integer', '-']);
    const chunks: Buffer[] = [];
    const errors: Buffer[] = [];
    sox.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    sox.stderr.on('data', (chunk: Buffer) => errors.push(chunk));
    sox.on('error', reject);
    sox.on('close', (code) => {
      if (code !== 0) return reject(new SttError(`sox could not read the recording: ${Buffer.concat(errors).toString().trim()}`));
      const raw = Buffer.concat(chunks);
      resolve(new Int16Array(raw.buffer, raw.byteOffset, Math.floor(raw.byteLength / 2)).slice());
    });
    sox.stdin.on('error', () => undefined);
    sox.stdin.end(audio);
  });
}
