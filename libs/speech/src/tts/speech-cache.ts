import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { SpeechAudio } from './tts-engine';

const run = promisify(execFile);

/** The content id of an utterance: the same engine, voice and text always name the same file. */
export function speechId(engine: string, voice: string, text: string): string {
  return createHash('sha256').update(`${engine}\0${voice}\0${text}`).digest('hex');
}

/** Where a render writes: `output` is the finished 8 kHz WAV, `scratch` names intermediate files. */
export interface RenderFiles {
  output: string;
  scratch(extension: string): string;
}

/**
 * Synthesised speech on disk, one file per content id. A missing file is rendered once even when several
 * calls ask for it at the same moment, and appears by atomic rename so a reader never sees half of it.
 */
export class SpeechCache {
  private readonly inFlight = new Map<string, Promise<SpeechAudio>>();

  constructor(readonly directory: string) {}

  async prepare(): Promise<void> {
    await mkdir(this.directory, { recursive: true });
  }

  obtain(id: string, render: (files: RenderFiles) => Promise<void>): Promise<SpeechAudio> {
    const existing = this.inFlight.get(id);
    if (existing) return existing;
    const made = this.make(id, render).finally(() => this.inFlight.delete(id));
    this.inFlight.set(id, made);
    return made;
  }

  private async make(id: string, render: (files: RenderFiles) => Promise<void>): Promise<SpeechAudio> {
    const path = join(this.directory, `${id}.wav`);
    if (await exists(path)) return { id, path };
    await this.prepare();
    const temporary: string[] = [];
    const name = (extension: string) => {
      const file = join(this.directory, `${id}.${randomUUID()}.${extension}`);
      temporary.push(file);
      return file;
    };
    const output = name('tmp.wav');
    try {
      await render({ output, scratch: name });
      await rename(output, path);
    } finally {
      await Promise.all(temporary.map((file) => rm(file, { force: true })));
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

/** Converts any audio sox reads into the 8 kHz mono 16-bit WAV that Asterisk plays without transcoding. */
export async function toTelephonyWav(input: string, output: string, inputType?: string): Promise<void> {
  const typed = inputType ? ['-t', inputType] : [];
  await run('sox', [...typed, input, '-r', '8000', '-c', '1', '-b', '16', '-e', 'signed-integer', output]);
}

/** Fails with the Debian package to install when sox was built without a reader for `format`. */
export async function requireSoxFormat(engine: string, format: string, debianPackage: string): Promise<void> {
  const { stdout } = await run('sox', ['-h']);
  const formats = /AUDIO FILE FORMATS:(.*)/.exec(stdout)?.[1]?.trim().split(/\s+/) ?? [];
  if (!formats.includes(format)) {
    throw new Error(`TTS_ENGINE=${engine} needs sox to read ${format}: install the Debian package ${debianPackage}`);
  }
}
