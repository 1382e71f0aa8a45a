/** Phone audio as AudioSocket carries it: 16-bit signed little-endian PCM, 8 kHz mono. */
export const SAMPLE_RATE = 8000;
const BYTES_PER_MS = (SAMPLE_RATE * 2) / 1000;

/** Audio kept from before speech is noticed, so an utterance's first sound is not cut off. */
const PRE_ROLL_MS = 300;
/** Frames louder than this (RMS), and than three times the line's own noise, count as speech. */
const MIN_SPEECH_RMS = 300;
/** The line's noise is its quietest frame of the last 3 s: speech has gaps, a line's noise has none. */
const NOISE_WINDOW_FRAMES = 150;
/** Until this many frames have come, the line is taken to be quiet. */
const NOISE_FIRST_FRAMES = 25;
/** Speech shorter than this (a click, a breath) does not open an utterance. */
const MIN_SPEECH_MS = 100;

export interface EndpointSettings {
  /** How long to wait for speech to begin. */
  startTimeoutMs: number;
  /** The silence after speech that ends the utterance (the endpoint). */
  endSilenceMs: number;
  /** The longest utterance. */
  maxMs: number;
  /**
   * A pause this long after speech (shorter than the endpoint) hands the audio so far to `onPause`, so work
   * on it (its transcription) can start before the endpoint is reached.
   */
  pauseMs?: number;
}

/** An ended utterance, and what `onPause` returned for it when the utterance ended in that same pause. */
export interface Utterance<T> {
  audio: Buffer;
  early?: T;
}

interface Listening<T> {
  settings: EndpointSettings;
  onPause?: (audio: Buffer) => T;
  /** What `onPause` returned in the current pause; dropped when speech resumes. */
  early?: T;
  frames: Buffer[];
  elapsedMs: number;
  speechMs: number;
  silenceMs: number;
  resolve(utterance: Utterance<T> | null): void;
}

/**
 * Finds the customer's utterances in a live stream of phone audio: an utterance opens with speech and
 * ends at the first `endSilenceMs` of silence after it, so the reply starts as soon as the customer stops,
 * not after a fixed wait. Time is counted in audio, not on the clock.
 */
export class UtteranceListener {
  private preRoll: Buffer[] = [];
  private preRollMs = 0;
  /** Recent frames' levels, for the line's noise. */
  private levels: number[] = [];
  private listening?: Listening<unknown>;

  /**
   * The next utterance (its audio, pre-roll included), or null when no speech began in time. `onPause` is
   * called at each pause of `settings.pauseMs` with the audio so far.
   */
  next<T = never>(settings: EndpointSettings, onPause?: (audio: Buffer) => T): { utterance: Promise<Utterance<T> | null>; cancel(): void } {
    this.listening?.resolve(null);
    let settle!: (utterance: Utterance<T> | null) => void;
    const utterance = new Promise<Utterance<T> | null>((resolve) => (settle = resolve));
    const listening: Listening<T> = {
      settings,
      onPause,
      frames: [...this.preRoll],
      elapsedMs: 0,
      speechMs: 0,
      silenceMs: 0,
      resolve: (result) => {
        if (this.listening === listening) this.listening = undefined;
        settle(result);
      },
    };
    this.listening = listening as Listening<unknown>;
    return { utterance, cancel: () => listening.resolve(null) };
  }

  push(pcm: Buffer): void {
    const ms = pcm.length / BYTES_PER_MS;
    const rms = rmsOf(pcm);
    const speech = rms >= Math.max(MIN_SPEECH_RMS, 3 * this.noiseRms(rms));
    this.remember(pcm, ms);
    const listening = this.listening;
    if (!listening) return;
    listening.frames.push(pcm);
    listening.elapsedMs += ms;
    if (speech) {
      listening.speechMs += ms;
      listening.silenceMs = 0;
      listening.early = undefined;
    } else {
      listening.silenceMs += ms;
    }
    const heard = listening.speechMs >= MIN_SPEECH_MS;
    const { startTimeoutMs, endSilenceMs, maxMs, pauseMs } = listening.settings;
    if (heard && listening.silenceMs >= endSilenceMs) {
      listening.resolve({ audio: Buffer.concat(listening.frames), early: listening.early });
    } else if (heard && listening.elapsedMs >= maxMs) {
      listening.resolve({ audio: Buffer.concat(listening.frames) });
    } else if (heard && listening.onPause && pauseMs !== undefined && listening.silenceMs >= pauseMs && listening.silenceMs - ms < pauseMs) {
      listening.early = listening.onPause(Buffer.concat(listening.frames));
    } else if (!heard && listening.elapsedMs >= startTimeoutMs) {
      listening.resolve(null);
    } else if (!heard && listening.silenceMs >= 2 * MIN_SPEECH_MS) {
      // Quiet, or a sound too short to be speech and then quiet: keep only a pre-roll's worth of it.
      this.trimTo(listening, PRE_ROLL_MS);
      listening.speechMs = 0;
    }
  }

  private noiseRms(rms: number): number {
    this.levels.push(rms);
    if (this.levels.length > NOISE_WINDOW_FRAMES) this.levels.shift();
    return this.levels.length < NOISE_FIRST_FRAMES ? MIN_SPEECH_RMS / 3 : Math.min(...this.levels);
  }

  private remember(pcm: Buffer, ms: number): void {
    this.preRoll.push(pcm);
    this.preRollMs += ms;
    while (this.preRollMs - this.preRoll[0]!.length / BYTES_PER_MS >= PRE_ROLL_MS) {
      this.preRollMs -= this.preRoll.shift()!.length / BYTES_PER_MS;
    }
  }

  private trimTo(listening: Listening<unknown>, keepMs: number): void {
    let kept = 0;
    let from = listening.frames.length;
    while (from > 0 && kept < keepMs) kept += listening.frames[--from]!.length / BYTES_PER_MS;
    listening.frames = listening.frames.slice(from);
  }
}

function rmsOf(pcm: Buffer): number {
  const samples = Math.floor(pcm.length / 2);
  if (samples === 0) return 0;
  let sum = 0;
  for (let i = 0; i < samples; i++) {
    const sample = pcm.readInt16LE(i * 2);
    sum += sample * sample;
  }
  return Math.sqrt(sum / samples);
}

/** A WAV file around 8 kHz 16-bit mono PCM, as the speech-to-text engines take it. */
export function wavOf(pcm: Buffer): Buffer {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + pcm.length, 4);
  header.write('WAVE', 8);
  header.write('fmt ', 12);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(SAMPLE_RATE, 24);
  header.writeUInt32LE(SAMPLE_RATE * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(pcm.length, 40);
  return Buffer.concat([header, pcm]);
}
