import type { AgiSession } from './fastagi';

/**
 * The whole call recorded on Asterisk's side (MixMonitor: both directions mixed) into its recording
 * directory, where ARI serves it as the stored recording `name`; the worker moves it off after the call.
 *
 * MixMonitor drops the time in which only one direction carries audio (it flushes to keep the two in
 * sync), so while the AI neither speaks nor listens (voicing the next words, waiting for the workflow)
 * a recorded call's line carries silence: the recording then runs as long as the call.
 */
export class CallRecorder {
  private readonly recording = new WeakSet<AgiSession>();

  constructor(
    /** Asterisk's recording directory, as Asterisk sees it. */
    private readonly recordingDir: string,
    private readonly stored: { remove(name: string): Promise<void> },
  ) {}

  async start(session: AgiSession, name: string): Promise<void> {
    await session.exec('MixMonitor', `${this.recordingDir}/${name}.wav`);
    this.recording.add(session);
    await this.keepLineOpen(session);
  }

  /** Silence on the line of a recorded call until the next playback replaces it (nothing otherwise). */
  async keepLineOpen(session: AgiSession): Promise<void> {
    if (this.recording.has(session)) await session.exec('PlayTones', '0');
  }

  /** The customer declined: recording stops now and what was recorded is deleted on Asterisk. */
  async discard(session: AgiSession, name: string): Promise<void> {
    this.recording.delete(session);
    await session.exec('StopMixMonitor');
    await this.stored.remove(name);
  }
}
