import { execFile, spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { requireCommand } from '../require-command';
import { SttError } from './stt-error';
import type { SttEngine, Transcription } from './stt-engine';
import { FILLER_WORDS, type GrammarLanguage, grammarLanguage, grammarWords, intentGrammar } from './intent-grammar';

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
 * Speech detection above the default (2.0): phone recordings start with line hiss, which at the default
 * split short phrases and let loud noise through as words; 3.0 keeps every phrase of the measured set.
 */
const VAD_THRESHOLD = '3.0';

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
  private noise?: Promise<{ preRoll: Int16Array; bandFill: Int16Array }>;

  constructor(private readonly options: PocketsphinxOptions) {}

  async checkAvailable(): Promise<void> {
    await requireCommand('STT_ENGINE=pocketsphinx', 'pocketsphinx_continuous', 'pocketsphinx (and pocketsphinx-en-us)');
    await requireCommand('STT_ENGINE=pocketsphinx', 'sox', 'sox');
    await mkdir(this.options.workDir, { recursive: true });
  }

  async transcribe(audio: Buffer, _mimeType: string, language?: string): Promise<Transcription> {
    const grammarArgs = await this.grammarArgs(grammarLanguage(language));
    const file = join(this.options.workDir, `${randomUUID()}.raw`);
    try {
      await writeFile(file, await this.toModelAudio(audio));
      const { stdout } = await run(
        'pocketsphinx_continuous',
        ['-hmm', join(this.options.modelDir, 'en-us'), ...grammarArgs, '-vad_threshold', VAD_THRESHOLD, '-infile', file, '-logfn', '/dev/null'],
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

  /** 16 kHz 16-bit raw samples: a fixed pre-roll, the recording from its speech onset, the upper band filled. */
  private async toModelAudio(audio: Buffer): Promise<Buffer> {
    const speech = fromSpeechOnset(await soxToRaw(audio, MODEL_RATE));
    const { preRoll, bandFill } = await this.fixedNoise();
    const samples = new Int16Array(preRoll.length + speech.length);
    samples.set(preRoll, 0);
    samples.set(speech, preRoll.length);
    for (let i = 0; i < samples.length; i++) {
      samples[i] = Math.max(-32768, Math.min(32767, samples[i]! + bandFill[i % bandFill.length]!));
    }
    return Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
  }

  /**
   * The same every run (sox -R): a line's quiet hiss to precede the speech, from which the decoder learns
   * the background; and ten seconds of noise between 4.2 and 7.8 kHz for the band a phone line lacks.
   */
  private fixedNoise(): Promise<{ preRoll: Int16Array; bandFill: Int16Array }> {
    this.noise ??= Promise.all([
      soxSynth([String(PRE_ROLL_SECONDS), 'pinknoise', 'vol', '0.003', 'sinc', '-3400']),
      soxSynth(['10', 'whitenoise', 'sinc', '4200-7800', 'gain', '-n', `${20 * Math.log10(BAND_FILL_PEAK / 32767)}`]),
    ]).then(([preRoll, bandFill]) => ({ preRoll, bandFill }));
    return this.noise;
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
    // The model's full dictionary (135,000 words) takes the decoder about 0.15 s to load on every turn; the
    // grammar's own words load at once (measured in bench/README.md).
    const lexicon = grammar.lexicon ?? dictionaryFor(grammarWords(grammar.jsgf), await readFile(join(this.options.modelDir, 'cmudict-en-us.dict'), 'utf8'));
    const id = createHash('sha256').update(grammar.jsgf).update(lexicon).digest('hex').slice(0, 16);
    await mkdir(this.options.workDir, { recursive: true });
    const jsgfPath = join(this.options.workDir, `${language}-${id}.gram`);
    const dictPath = join(this.options.workDir, `${language}-${id}.dict`);
    await writeFile(jsgfPath, grammar.jsgf);
    await writeFile(dictPath, lexicon);
    return ['-jsgf', jsgfPath, '-dict', dictPath];
  }
}

/**
 * The entries of a CMU-format dictionary for these words, every pronunciation of each (`word`, `word(2)`,
 * ...) as it stands. A word the dictionary lacks would fail every decode: it is named at once instead.
 */
export function dictionaryFor(words: ReadonlySet<string>, dictionary: string): string {
  const found = new Set<string>();
  const entries = dictionary.split('\n').filter((line) => {
    const word = line.slice(0, line.indexOf(' ')).replace(/\(\d+\)$/, '');
    if (!words.has(word)) return false;
    found.add(word);
    return true;
  });
  const missing = [...words].filter((word) => !found.has(word));
  if (missing.length > 0) throw new SttError(`the pronunciation dictionary lacks the grammar's words: ${missing.join(', ')}`);
  return `${entries.join('\n')}\n`;
}

/** The pre-roll's length; the recording's own lead-in varies, and with it the decoding. */
const PRE_ROLL_SECONDS = 0.3;
/** 2 % of full scale: above a line's hiss, below speech. */
const ONSET_LEVEL = 655;

/**
 * The samples from the first loud one on. Put behind the same fixed pre-roll, the same words decode the
 * same way wherever the recording began (measured over varied starts: 36 of 48 phrases right before, 48
 * of 48 after).
 */
function fromSpeechOnset(samples: Int16Array): Int16Array {
  const onset = samples.findIndex((sample) => Math.abs(sample) > ONSET_LEVEL);
  return onset < 0 ? samples : samples.subarray(onset);
}

const FILLERS = new Set([...FILLER_WORDS.en, ...FILLER_WORDS.es]);

function dropFillers(words: string): string {
  return words
    .split(' ')
    .filter((word) => word && !FILLERS.has(word))
    .join(' ');
}

async function soxSynth(synth: string[]): Promise<Int16Array> {
  const { stdout } = await run('sox', ['-R', '-n', '-r', String(MODEL_RATE), '-c', '1', '-b', '16', '-e', 'signed-integer', '-t', 'raw', '-', 'synth', ...synth], {
    encoding: 'buffer',
    maxBuffer: 1 << 22,
  });
  return new Int16Array(stdout.buffer, stdout.byteOffset, stdout.byteLength / 2).slice();
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
