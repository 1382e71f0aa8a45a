import { wavOf } from '../../speech/src/listening/utterance-listener';
import { readWavInfo } from './wav';

describe(readWavInfo.name, () => {
  it('reads the format and the duration of 8 kHz 16-bit mono audio', () => {
    const info = readWavInfo(wavOf(Buffer.alloc(8000 * 2 * 3)));
    expect(info).toEqual({ sampleRate: 8000, channels: 1, bitsPerSample: 16, dataBytes: 48_000, durationMs: 3000, complete: true });
  });

  it('skips chunks it does not know', () => {
    const wav = wavOf(Buffer.alloc(1600));
    const list = Buffer.concat([Buffer.from('LIST'), Buffer.from([3, 0, 0, 0]), Buffer.from('abc\0')]);
    const withList = Buffer.concat([wav.subarray(0, 36), list, wav.subarray(36)]);
    withList.writeUInt32LE(withList.length - 8, 4);
    expect(readWavInfo(withList)).toMatchObject({ durationMs: 100, complete: true });
  });

  it('tells a file whose header was not yet finalised (still being written) from a complete one', () => {
    const wav = wavOf(Buffer.alloc(1600));
    wav.writeUInt32LE(0, 40);
    expect(readWavInfo(wav)?.complete).toBe(false);
    expect(readWavInfo(wavOf(Buffer.alloc(1600)).subarray(0, 500))?.complete).toBe(false);
  });

  it('answers undefined for what is not a WAV file', () => {
    expect(readWavInfo(Buffer.from('not audio at all'))).toBeUndefined();
  });
});
