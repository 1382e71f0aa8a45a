import { mkdtempSync } from 'node:fs';
import { access } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request, { type Response } from 'supertest';
import type { DataSource } from 'typeorm';
import type { CampaignDriver } from './support/campaign-driver';
import { type DialerHarness, startDialer } from './support/dialer-harness';
import { login } from './support/api-app';
import { createTenant, daytimeZone, eventually, testConfig } from './support/test-env';
import { type ConversationMoment, catalogueFor } from '../libs/conversation/src';
import { asteriskRecordingName, readWavInfo } from '../libs/recordings/src';

interface CallRow {
  id: string;
  phone: string;
  channel_id: string;
  outcome: string;
  transcript: string;
  answered_at: Date;
  ended_at: Date;
  recording_status: string | null;
  recording_file: string | null;
  recording_deleted_at: Date | null;
}

interface Turn {
  user_input: string;
  ai_response: string;
  offset_ms?: number;
}

/** Collects a binary body (supertest parses only text and JSON by itself); the response is the socket's stream here. */
function binary(res: Response, done: (error: Error | null, body: Buffer) => void): void {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
}

/**
 * Whole-call recordings on the Asterisk sandbox: the consent announcement, MixMonitor, a customer who
 * declines by key ([sim-declines-recording] in asterisk/extensions.conf), the move off Asterisk into
 * RECORDINGS_DIR, the API's stream and retention.
 */
describe('call recordings with consent', () => {
  const recordingsDir = mkdtempSync(join(tmpdir(), 'ai-dialer-recordings-'));
  const config = testConfig({
    DIAL_STRING_TEMPLATE: 'Local/{number}@sim-recording-customers',
    RECORDINGS_DIR: recordingsDir,
    // Retention is swept often here; only this file's recordings are ever past theirs.
    RECORDINGS_SWEEP_INTERVAL_MS: '300',
    LISTEN_TIMEOUT_SECONDS: '3',
    MAX_TURNS: '3',
  });
  const english = catalogueFor('en-US');
  let harness: DialerHarness;
  let db: DataSource;
  let app: INestApplication;
  let driver: CampaignDriver;
  const zone = daytimeZone();
  // Tens digit 6 presses 1 (interested); a number ending in 7 declines the recording first, then presses 1.
  const numbers = { recorded: '+12025550160', declines: '+12025550167', notRecording: '+12025550161' };
  const calls = new Map<string, CallRow>();
  /** The worker's conversation moments per channel (but when the Update answered), in the order they happened. */
  const moments = new Map<string, ConversationMoment[]>();
  const recording = { enabled: true, retentionDays: 30 };
  const settings = { maxConcurrentCalls: 2, callIntervalMs: 0, retryAttempts: 0, callTimeoutSeconds: 5 };

  async function callRows(campaignId: string): Promise<CallRow[]> {
    return (await db.query(`SELECT c.*, ct.phone FROM calls c JOIN contacts ct ON ct.id = c.contact_id WHERE c.campaign_id = $1`, [campaignId])) as CallRow[];
  }

  const audioOf = (callId: string) => driver.get(`/calls/${callId}/recording`).buffer(true).parse(binary);

  /** What ARI answers for the call's recording on Asterisk (404 once moved off or deleted). */
  async function onAsterisk(callId: string): Promise<number> {
    const auth = Buffer.from(`${config.ari.user}:${config.ari.password}`).toString('base64');
    const response = await fetch(`${config.ari.url}/ari/recordings/stored/${asteriskRecordingName(callId)}`, { headers: { authorization: `Basic ${auth}` } });
    return response.status;
  }

  beforeAll(async () => {
    harness = await startDialer(config, { worker: true, trace: (channelId, moment) => {
      // When the Update answers races the greeting by design; the session's own steps are in a fixed order.
      if (moment !== 'decided') moments.set(channelId, [...(moments.get(channelId) ?? []), moment]);
    } });
    ({ db, app, driver } = harness);
    const recordedCampaign = await driver.createCampaign(
      { callSettings: { ...settings, recording } },
      [numbers.recorded, numbers.declines].map((phone) => ({ phone, timezone: zone, firstName: 'Sam' })),
    );
    const plainCampaign = await driver.createCampaign({ callSettings: settings }, [{ phone: numbers.notRecording, timezone: zone, firstName: 'Sam' }]);
    await Promise.all([driver.start(recordedCampaign), driver.start(plainCampaign)]);
    // A call's recording is moved off Asterisk before its workflow ends, so before its campaign completes.
    await Promise.all([driver.waitForStatus(recordedCampaign, 'completed', 180_000), driver.waitForStatus(plainCampaign, 'completed', 180_000)]);
    for (const row of [...(await callRows(recordedCampaign)), ...(await callRows(plainCampaign))]) calls.set(row.phone, row);
  }, 240_000);

  afterAll(() => harness?.close());

  it('waits for the opening before the greeting of a recorded call (its recording starts first); a call not recorded greets at once', async () => {
    expect(moments.get(calls.get(numbers.recorded)!.channel_id)?.slice(0, 4)).toEqual(['session', 'opened', 'greeting-voiced', 'greeting-play']);
    expect(moments.get(calls.get(numbers.notRecording)!.channel_id)?.slice(0, 4)).toEqual(['session', 'greeting-voiced', 'greeting-play', 'opened']);
  });

  it('refuses bad recording settings with 400 naming the field', async () => {
    const refused = await driver.post('/campaigns', { name: 'Bad recording', callSettings: { recording: { enabled: 'yes', retentionDays: 0 } } }).expect(400);
    const message = JSON.stringify(refused.body);
    expect(message).toMatch(/callSettings\.recording\.enabled/);
    expect(message).toMatch(/callSettings\.recording\.retentionDays/);
    await driver.post('/campaigns', { name: 'Bad recording', callSettings: { recording: { enabled: true, retentionDays: 7, keep: true } } }).expect(400);
  });

  it('records the whole call after the consent announcement, and serves it as a WAV as long as the call', async () => {
    const call = calls.get(numbers.recorded)!;
    expect(call).toMatchObject({ outcome: 'interested', recording_status: 'stored' });
    expect(call.transcript).toContain(english.recording.consent);

    const res = await audioOf(call.id).expect(200);
    expect(res.headers['content-type']).toBe('audio/wav');
    expect(res.headers['accept-ranges']).toBe('bytes');
    const audio = res.body as Buffer;
    expect(Number(res.headers['content-length'])).toBe(audio.length);
    const wav = readWavInfo(audio);
    expect(wav).toMatchObject({ complete: true, channels: 1 });
    const callMs = call.ended_at.getTime() - call.answered_at.getTime();
    expect(Math.abs(wav!.durationMs - callMs)).toBeLessThan(1000);
    // Moved off Asterisk: nothing of the call is left there.
    expect(await onAsterisk(call.id)).toBe(404);

    const head = await audioOf(call.id).set('Range', 'bytes=0-43').expect(206);
    expect(head.headers['content-range']).toBe(`bytes 0-43/${audio.length}`);
    expect((head.body as Buffer).equals(audio.subarray(0, 44))).toBe(true);
    await audioOf(call.id).set('Range', `bytes=${audio.length}-`).expect(416);
  });

  it("gives every turn its offset from the answer, in the stored turns and in GET /calls/{id}", async () => {
    const call = calls.get(numbers.recorded)!;
    const res = await driver.get(`/calls/${call.id}`).expect(200);
    const shown = res.body as { call: { recordingStatus: string; turns: Turn[] } };
    expect(shown.call.recordingStatus).toBe('stored');
    const offsets = shown.call.turns.map((t) => t.offset_ms);
    expect(offsets.length).toBeGreaterThanOrEqual(2);
    const callMs = call.ended_at.getTime() - call.answered_at.getTime();
    // The opening starts at once; each later turn after the one before, and within the call.
    expect(offsets[0]).toBeLessThan(2000);
    for (let i = 1; i < offsets.length; i++) expect(offsets[i]!).toBeGreaterThan(offsets[i - 1]!);
    expect(offsets.at(-1)!).toBeLessThan(callMs);
    const stored = (await db.query(`SELECT event_data FROM call_events WHERE call_id = $1 AND event_type = 'ai_conversation' ORDER BY timestamp, id`, [call.id])) as {
      event_data: Turn;
    }[];
    expect(stored.map((e) => e.event_data.offset_ms)).toEqual(offsets);
  });

  it('stops and deletes the recording of a customer who declines by key, and the call goes on unrecorded', async () => {
    const call = calls.get(numbers.declines)!;
    expect(call).toMatchObject({ recording_status: 'declined', recording_file: null });
    // The customer still answered the menu after the acknowledgement.
    expect(call.outcome).toBe('interested');
    expect(call.transcript).toContain(`Customer: [pressed 7: do not record]\nAI: ${english.recording.stopped}`);
    const events = (await db.query(`SELECT event_type FROM call_events WHERE call_id = $1 AND event_type LIKE 'recording_%' ORDER BY timestamp, id`, [call.id])) as {
      event_type: string;
    }[];
    expect(events.map((e) => e.event_type)).toEqual(['recording_started', 'recording_declined']);
    await audioOf(call.id).expect(404);
    expect(await onAsterisk(call.id)).toBe(404);
    await expect(access(join(recordingsDir, harness.organizationId, `${call.id}.wav`))).rejects.toThrow();
  });

  it('answers 404 for a call of a campaign that does not record', async () => {
    const call = calls.get(numbers.notRecording)!;
    expect(call).toMatchObject({ outcome: 'interested', recording_status: null });
    expect(call.transcript).not.toContain(english.recording.consent);
    await audioOf(call.id).expect(404);
  });

  it("answers 404 to another organization's user", async () => {
    const call = calls.get(numbers.recorded)!;
    const stranger = await createTenant(db);
    const token = await login(app, stranger.email, stranger.password);
    await request(app.getHttpServer()).get(`/api/v1/calls/${call.id}/recording`).set('Authorization', `Bearer ${token}`).expect(404);
    await request(app.getHttpServer()).get(`/api/v1/calls/${call.id}`).set('Authorization', `Bearer ${token}`).expect(404);
  });

  it("deletes a recording past its campaign's retention and says so on the call", async () => {
    const call = calls.get(numbers.recorded)!;
    const file = join(recordingsDir, call.recording_file!);
    await access(file);
    await db.query(`UPDATE calls SET ended_at = ended_at - make_interval(days => $2) WHERE id = $1`, [call.id, recording.retentionDays + 1]);
    const expired = await eventually(async () => {
      const [row] = (await db.query('SELECT recording_status, recording_file, recording_deleted_at FROM calls WHERE id = $1', [call.id])) as CallRow[];
      return row?.recording_status === 'expired' ? row : undefined;
    }, 'the retention sweep to delete the recording');
    expect(expired.recording_file).toBeNull();
    expect(expired.recording_deleted_at).toBeInstanceOf(Date);
    await expect(access(file)).rejects.toThrow();
    await audioOf(call.id).expect(404);
    const shown = (await driver.get(`/calls/${call.id}`).expect(200)).body as { call: { recordingStatus: string; recordingDeletedAt: string } };
    expect(shown.call.recordingStatus).toBe('expired');
  });
});
