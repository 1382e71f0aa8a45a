/** What a PCM WAV file's header says, and whether the audio that follows matches it. */
export interface WavInfo {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  /** The data chunk's size as the header declares it. */
  dataBytes: number;
  durationMs: number;
  /**
   * The header's sizes agree with the bytes present. Asterisk writes a WAV's sizes when it closes the file,
   * so a recording read while still being written is not complete.
   */
  complete: boolean;
}

/** Reads the fmt and data chunks of a RIFF/WAVE file; undefined when it is not one. */
export function readWavInfo(file: Buffer): WavInfo | undefined {
  if (file.length < 12 || file.toString('ascii', 0, 4) !== 'RIFF' || file.toString('ascii', 8, 12) !== 'WAVE') return undefined;
  let format: { channels: number; sampleRate: number; bitsPerSample: number } | undefined;
  for (let offset = 12; offset + 8 <= file.length; ) {
    const id = file.toString('ascii', offset, offset + 4);
    const size = file.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ' && body + 16 <= file.length) {
      format = { channels: file.readUInt16LE(body + 2), sampleRate: file.readUInt32LE(body + 4), bitsPerSample: file.readUInt16LE(body + 14) };
    } else if (id === 'data') {
      if (!format || format.sampleRate === 0 || format.channels === 0 || format.bitsPerSample === 0) return undefined;
      const bytesPerSecond = format.sampleRate * format.channels * (format.bitsPerSample / 8);
      return {
        ...format,
        dataBytes: size,
        durationMs: (size / bytesPerSecond) * 1000,
        complete: size > 0 && body + size === file.length && file.readUInt32LE(4) === file.length - 8,
      };
    }
    // Chunks are padded to an even size.
    offset = body + size + (size % 2);
  }
  return undefined;
}
