/** Asterisk has no stored recording of that name. */
export class RecordingNotFoundError extends Error {
  override name = 'RecordingNotFoundError';
}

/** Recordings Asterisk stored (RECORD FILE into its recording directory), fetched and removed over ARI. */
export class AriRecordings {
  private readonly authorization: string;

  constructor(
    private readonly ariUrl: string,
    user: string,
    password: string,
  ) {
    this.authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  }

  async fetch(name: string): Promise<Buffer> {
    const response = await fetch(this.url(name, '/file'), { headers: { authorization: this.authorization } });
    if (response.status === 404) throw new RecordingNotFoundError(`recording ${name}: not on Asterisk`);
    if (!response.ok) throw new Error(`recording ${name}: ARI answered HTTP ${response.status}`);
    return Buffer.from(await response.arrayBuffer());
  }

  /** Recordings hold what customers said: keep them on Asterisk no longer than needed. One already gone is no error. */
  async remove(name: string): Promise<void> {
    const response = await fetch(this.url(name, ''), { method: 'DELETE', headers: { authorization: this.authorization } });
    if (!response.ok && response.status !== 404) throw new Error(`recording ${name}: ARI answered HTTP ${response.status} to its deletion`);
  }

  private url(name: string, suffix: string): string {
    return `${this.ariUrl.replace(/\/$/, '')}/ari/recordings/stored/${encodeURIComponent(name)}${suffix}`;
  }
}
