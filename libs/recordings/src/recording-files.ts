import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, normalize } from 'node:path';
import type { Readable } from 'node:stream';

/** The whole-call recording's name on Asterisk (a stored recording in its recording directory, served by ARI). */
export function asteriskRecordingName(callId: string): string {
  return `dialer-call-${callId}`;
}

/**
 * Call recordings in RECORDINGS_DIR, one directory per organization. The worker writes them (moved off
 * Asterisk after the call), the API streams them, the retention sweep deletes them.
 */
export class RecordingFiles {
  constructor(private readonly dir: string) {}

  /** The file of a call's recording, relative to the directory (what the call row keeps). */
  static fileOf(organizationId: string, callId: string): string {
    return join(organizationId, `${callId}.wav`);
  }

  /** Written under a temporary name and renamed, so a reader never sees half a recording. */
  async save(file: string, audio: Buffer): Promise<void> {
    const path = this.pathOf(file);
    await mkdir(dirname(path), { recursive: true });
    const partial = `${path}.partial`;
    await writeFile(partial, audio);
    await rename(partial, path);
  }

  /** The file's size, or undefined when it is not there. */
  async size(file: string): Promise<number | undefined> {
    try {
      return (await stat(this.pathOf(file))).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  /** Bytes `start` to `end` inclusive, or the whole file. */
  read(file: string, range?: { start: number; end: number }): Readable {
    return createReadStream(this.pathOf(file), range);
  }

  /** Idempotent: a file already gone is not an error. */
  async remove(file: string): Promise<void> {
    await rm(this.pathOf(file), { force: true });
  }

  private pathOf(file: string): string {
    const relative = normalize(file);
    if (relative.startsWith('..') || relative.startsWith('/')) throw new Error(`recording file ${file} is outside the recordings directory`);
    return join(this.dir, relative);
  }
}
