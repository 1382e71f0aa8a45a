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
    if (!response.ok) throw new Error(`recording ${name}: ARI answered HTTP ${response.status}`);
    return Buffer.from(await response.arrayBuffer());
  }

  /** Recordings hold what customers said: keep them no longer than the transcription needs. */
  async remove(name: string): Promise<void> {
    await fetch(this.url(name, ''), { method: 'DELETE', headers: { authorization: this.authorization } });
  }

  private url(name: string, suffix: string): string {
    return `${this.ariUrl.replace(/\/$/, '')}/ari/recordings/stored/${encodeURIComponent(name)}${suffix}`;
  }
}
