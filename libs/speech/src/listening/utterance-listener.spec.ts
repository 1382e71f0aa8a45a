import { SAMPLE_RATE, UtteranceListener, wavOf } from './utterance-listener';

/** 20 ms frames of a tone at `amplitude` (0 is silence). */
function frames(ms: number, amplitude: number): Buffer[] {
  return Array.from({ length: ms / 20 }, () => {
    const frame = Buffer.alloc((SAMPLE_RATE / 50) * 2);
    for (let i = 0; i < frame.length / 2; i++) frame.writeInt16LE(Math.round(amplitude * Math.sin((2 * Math.PI * 440 * i) / SAMPLE_RATE)), i * 2);
    return frame;
  });
}
const HISS = 150;
const VOICE = 4000;
const settings = { startTimeoutMs: 2000, endSilenceMs: 500, maxMs: 5000 };

function feed(listener: UtteranceListener, ...parts: Buffer[][]): void {
  for (const part of parts) for (const frame of part) listener.push(frame);
}

describe(UtteranceListener.name, () => {
  it('ends the utterance at the first 500 ms of quiet after speech, with the speech and its pre-roll', async () => {
    const listener = new UtteranceListener();
    feed(listener, frames(1000, HISS));
    const { utterance } = listener.next(settings);
    let settled = false;
    void utterance.then(() => (settled = true));
    feed(listener, frames(200, HISS), frames(800, VOICE), frames(480, HISS));
    await Promise.resolve();
    expect(settled).toBe(false);
    feed(listener, frames(20, HISS));
    const ended = await utterance;
    // 300 ms of pre-roll, then the speech and the 500 ms that ended it.
    expect(ended!.audio.length / 16).toBe(300 + 800 + 500);
  });

  it('keeps listening through a pause shorter than the endpoint', async () => {
    const listener = new UtteranceListener();
    feed(listener, frames(1000, HISS));
    const { utterance } = listener.next(settings);
    feed(listener, frames(400, VOICE), frames(400, HISS), frames(400, VOICE), frames(500, HISS));
    expect((await utterance)!.audio.length / 16).toBe(300 + 1700);
  });

  it('gives null when no speech begins in time, and does not take a click for speech', async () => {
    const listener = new UtteranceListener();
    const { utterance } = listener.next(settings);
    feed(listener, frames(60, VOICE), frames(1000, HISS), frames(40, VOICE), frames(900, HISS));
    expect(await utterance).toBeNull();
  });

  it('hears speech over a noisy line, and not the noise', async () => {
    const listener = new UtteranceListener();
    feed(listener, frames(2000, 1200));
    const { utterance } = listener.next(settings);
    feed(listener, frames(1000, 1200));
    let settled = false;
    void utterance.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    feed(listener, frames(600, 12000), frames(500, 1200));
    expect(await utterance).not.toBeNull();
  });

  it('stops at the longest utterance, and a cancelled listen gives null', async () => {
    const listener = new UtteranceListener();
    feed(listener, frames(1000, HISS));
    const long = listener.next({ ...settings, maxMs: 1000 });
    feed(listener, frames(1500, VOICE));
    expect((await long.utterance)!.audio.length / 16).toBe(300 + 1000);
    const cancelled = listener.next(settings);
    cancelled.cancel();
    expect(await cancelled.utterance).toBeNull();
  });

  it('hands over the audio at each pause, and gives back the one made in the pause that became the endpoint', async () => {
    const listener = new UtteranceListener();
    feed(listener, frames(1000, HISS));
    const paused: number[] = [];
    const { utterance } = listener.next({ ...settings, pauseMs: 200 }, (audio) => {
      paused.push(audio.length / 16);
      return `pause ${paused.length}`;
    });
    // A 300 ms pause between words, then the last word and its 500 ms endpoint.
    feed(listener, frames(400, VOICE), frames(300, HISS), frames(400, VOICE), frames(500, HISS));
    const ended = await utterance;
    expect(paused).toEqual([300 + 400 + 200, 300 + 1100 + 200]);
    expect(ended!.early).toBe('pause 2');
    expect(ended!.audio.length / 16).toBe(300 + 1100 + 500);
  });

  it('gives back no early result when the longest utterance ends it in speech', async () => {
    const listener = new UtteranceListener();
    feed(listener, frames(1000, HISS));
    const { utterance } = listener.next({ ...settings, maxMs: 1200, pauseMs: 200 }, () => 'early');
    feed(listener, frames(400, VOICE), frames(300, HISS), frames(600, VOICE));
    const ended = await utterance;
    expect(ended!.audio.length / 16).toBe(300 + 1200);
    expect(ended!.early).toBeUndefined();
  });

  it('wraps PCM in a WAV header that says 8 kHz 16-bit mono', () => {
    const wav = wavOf(Buffer.alloc(1600));
    expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
    expect(wav.readUInt32LE(24)).toBe(8000);
    expect(wav.readUInt16LE(34)).toBe(16);
    expect(wav.readUInt32LE(40)).toBe(1600);
    expect(wav.length).toBe(44 + 1600);
  });
});
