import { randomInt } from 'node:crypto';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import type { CampaignDriver } from './support/campaign-driver';
import { type DialerHarness, startDialer } from './support/dialer-harness';
import { daytimeZone, testConfig } from './support/test-env';
import { type ConversationMoment, buildGreeting, catalogueFor } from '../libs/conversation/src';
import { speechId } from '../libs/speech/src/tts/speech-cache';

interface CallRecord {
  id: string;
  phone: string;
  status: string;
  outcome: string;
  transcript: string;
  emotion: string | null;
  intent_score: string | null;
  csat_score: number | null;
  ai_insights: { nextStep: string } | null;
  workflow_id: string;
  channel_id: string;
  dialed_at: Date | null;
  compliance: { reason: string } | null;
}

/**
 * Conversations on the Asterisk sandbox with simulated customers that press keys, answer with a
 * voicemail greeting, or hang up mid-greeting (asterisk/extensions.conf, tens digits 4 to 7).
 */
describe('the AI conversation', () => {
  const config = testConfig({ LISTEN_TIMEOUT_SECONDS: '3', MAX_TURNS: '3', VOICEMAIL_ACTION: 'message' });
  let harness: DialerHarness;
  let db: DataSource;
  let driver: CampaignDriver;
  let temporal: Client;
  const zone = daytimeZone();
  const numbers = { interested: '+12025550160', optsOut: '+12025550170', voicemail: '+12025550150', hangsUp: '+12025550145' };
  const calls = new Map<string, CallRecord>();
  let organizationId: string;
  /** The worker's conversation moments per channel (but when the Update answered), in the order they happened. */
  const moments = new Map<string, ConversationMoment[]>();

  beforeAll(async () => {
    harness = await startDialer(config, { worker: true, trace: (channelId, moment) => {
      // When the Update answers races the greeting by design; the session's own steps are in a fixed order.
      if (moment !== 'decided') moments.set(channelId, [...(moments.get(channelId) ?? []), moment]);
    } });
    ({ db, driver, temporal, organizationId } = harness);

    const campaignId = await driver.createCampaign(
      { callSettings: { maxConcurrentCalls: 4, callIntervalMs: 0, retryAttempts: 0, callTimeoutSeconds: 5 } },
      Object.values(numbers).map((phone) => ({ phone, timezone: zone, firstName: 'Sam' })),
    );
    await driver.start(campaignId);
    await driver.waitForStatus(campaignId, 'completed', 180_000);
    const rows = (await db.query(
      `SELECT c.*, ct.phone FROM calls c JOIN contacts ct ON ct.id = c.contact_id WHERE c.campaign_id = $1`,
      [campaignId],
    )) as CallRecord[];
    for (const row of rows) calls.set(row.phone, row);
  }, 240_000);

  afterAll(() => harness?.close());

  async function events(callId: string) {
    return (await db.query(`SELECT event_data FROM call_events WHERE call_id = $1 AND event_type = 'ai_conversation' ORDER BY timestamp, id`, [
      callId,
    ])) as { event_data: { user_input: string; ai_response: string; intent?: string } }[];
  }

  /** The conversation's steps in the call's history: local activities (markers) and activity tasks. */
  async function turnActivities(workflowId: string): Promise<string[]> {
    const history = await temporal.workflow.getHandle(workflowId).fetchHistory();
    return (history.events ?? [])
      .map((e) => {
        const marker = e.markerRecordedEventAttributes?.details?.data?.payloads?.[0]?.data;
        if (marker) return (JSON.parse(Buffer.from(marker).toString()) as { activity_type?: string }).activity_type;
        return e.activityTaskScheduledEventAttributes?.activityType?.name ?? undefined;
      })
      .filter((name): name is string => name === 'runConversationTurn' || name === 'openConversation' || name === 'analyzeCall');
  }

  it('hears a key press for "interested" and closes the call as interested', async () => {
    const call = calls.get(numbers.interested)!;
    expect(call).toMatchObject({ status: 'completed', outcome: 'interested', emotion: 'positive', csat_score: 5 });
    expect(Number(call.intent_score)).toBeCloseTo(0.9);
    expect(call.transcript).toMatch(/^AI: Hello Sam, this is an automated assistant calling on behalf of /);
    expect(call.transcript).toContain('Customer: [pressed 1: interested]');
    const exchanges = await events(call.id);
    expect(exchanges.map((e) => e.event_data.intent ?? null)).toEqual([null, 'interested']);
    expect(await turnActivities(call.workflow_id)).toEqual(['openConversation', 'runConversationTurn', 'analyzeCall']);

    const conversation = await driver.get(`/calls/${call.id}/conversation`).expect(200);
    const history = (conversation.body as { conversationHistory: { user_input: string; ai_response: string }[] }).conversationHistory;
    expect(history[1]).toMatchObject({ user_input: '[pressed 1: interested]', emotion: 'positive', confidence: 1 });
  });

  it('takes an opt-out by key press: the number goes on the DNC list and is never dialed again', async () => {
    const call = calls.get(numbers.optsOut)!;
    expect(call).toMatchObject({ status: 'completed', outcome: 'opted_out', csat_score: 1 });
    expect(call.transcript).toContain('Customer: [pressed 9: do not call me again]');
    expect(call.transcript).toContain('you will not be called again');
    const dnc = (await db.query('SELECT source FROM dnc_entries WHERE organization_id = $1 AND phone = $2', [organizationId, numbers.optsOut])) as {
      source: string;
    }[];
    expect(dnc).toEqual([{ source: 'call' }]);

    const again = await driver.createCampaign(
      { callSettings: { maxConcurrentCalls: 1, callIntervalMs: 0, retryAttempts: 0, callTimeoutSeconds: 5 } },
      [{ phone: numbers.optsOut, timezone: zone }],
    );
    await driver.start(again);
    await driver.waitForStatus(again, 'completed');
    const [second] = await driver.calls(again);
    expect(second).toMatchObject({ status: 'not_dialed', outcome: 'blocked', dialed_at: null });
    expect(second?.compliance?.reason).toBe('dnc');
  });

  it('plays the greeting before the workflow has answered the opening Update, and records the opening once', async () => {
    const call = calls.get(numbers.interested)!;
    // The greeting handed over at the dial plays to its end before the session awaits the Update's answer.
    expect(moments.get(call.channel_id)?.slice(0, 4)).toEqual(['session', 'greeting-voiced', 'greeting-play', 'opened']);
    expect(call.transcript.match(/Hello Sam, this is an automated assistant/g)).toHaveLength(1);
  });

  it('leaves the voicemail message on an answering machine', async () => {
    const call = calls.get(numbers.voicemail)!;
    expect(call).toMatchObject({ status: 'completed', outcome: 'voicemail' });
    // The greeting began before detection told a machine; the voicemail message followed it.
    expect(call.transcript).toMatch(/^AI: Hello Sam, this is an automated assistant.*\nCustomer: \[answering machine\]\nAI: Hello, this is an automated assistant/);
    expect(call.ai_insights?.nextStep).toMatch(/later/);
    expect(await turnActivities(call.workflow_id)).toEqual(['openConversation', 'openConversation', 'analyzeCall']);
  });

  describe('with a Spanish script', () => {
    const spanish = catalogueFor('es-ES');
    const spanishNumbers = { interested: '+12025550161', optsOut: '+12025550171' };
    const spanishCalls = new Map<string, CallRecord>();

    beforeAll(async () => {
      const refused = await driver.post('/scripts', { name: 'Français', mainPitch: 'Bonjour.', language: 'fr-FR' }).expect(400);
      expect(JSON.stringify(refused.body)).toMatch(/language must be one of/);
      const created = await driver
        .post('/scripts', { name: 'Solar ES', mainPitch: 'Instalamos placas solares sin coste inicial.', language: 'es-ES' })
        .expect(201);
      const script = (created.body as { script: { id: string; language: string } }).script;
      expect(script.language).toBe('es-ES');
      const campaignId = await driver.createCampaign(
        { scriptId: script.id, callSettings: { maxConcurrentCalls: 2, callIntervalMs: 0, retryAttempts: 0, callTimeoutSeconds: 5 } },
        Object.values(spanishNumbers).map((phone) => ({ phone, timezone: zone, firstName: 'Lucía' })),
      );
      await driver.start(campaignId);
      await driver.waitForStatus(campaignId, 'completed', 180_000);
      const rows = (await db.query(`SELECT c.*, ct.phone FROM calls c JOIN contacts ct ON ct.id = c.contact_id WHERE c.campaign_id = $1`, [
        campaignId,
      ])) as CallRecord[];
      for (const row of rows) spanishCalls.set(row.phone, row);
    }, 240_000);

    it('greets, discloses, reads the key menu and closes in Spanish, in a Spanish voice', async () => {
      const call = spanishCalls.get(spanishNumbers.interested)!;
      expect(call).toMatchObject({ status: 'completed', outcome: 'interested' });
      const [organization] = (await db.query('SELECT name FROM organizations WHERE id = $1', [organizationId])) as [{ name: string }];
      const greeting = `Hola Lucía, le llama un asistente automático en nombre de ${organization.name}. Instalamos placas solares sin coste inicial.`;
      expect(call.transcript).toContain(`AI: ${greeting} ${spanish.keyMenu}`);
      expect(call.transcript).toContain('Customer: [marcó 1: le interesa]');
      expect(call.transcript).toContain(`AI: ${spanish.interestedClosing}`);
      // eSpeak's Spain Spanish voice spoke them: its renderings are in the audio cache.
      for (const text of [greeting, spanish.keyMenu, spanish.interestedClosing]) {
        await access(join(config.tts.cacheDir, `${speechId('espeak', 'es+f3', text)}.wav`));
      }
    });

    it('takes an opt-out by key press with the Spanish confirmation, and lists the number', async () => {
      const call = spanishCalls.get(spanishNumbers.optsOut)!;
      expect(call).toMatchObject({ status: 'completed', outcome: 'opted_out' });
      expect(call.transcript).toContain('Customer: [marcó 9: no volver a llamar]');
      expect(call.transcript).toContain(`AI: ${spanish.optedOut}`);
      const dnc = (await db.query('SELECT source FROM dnc_entries WHERE organization_id = $1 AND phone = $2', [organizationId, spanishNumbers.optsOut])) as {
        source: string;
      }[];
      expect(dnc).toEqual([{ source: 'call' }]);
    });
  });

  it('voices the greeting while the phone rings, before anyone answers', async () => {
    // A pitch no other run has voiced, so its rendering cannot be in the shared cache already.
    const mainPitch = `We install solar panels, offer ${randomInt(1_000_000)}.`;
    const created = await driver.post('/scripts', { name: 'Solar rings', mainPitch }).expect(201);
    const campaignId = await driver.createCampaign(
      { scriptId: (created.body as { script: { id: string } }).script.id, callSettings: { maxConcurrentCalls: 1, callIntervalMs: 0, retryAttempts: 0, callTimeoutSeconds: 3 } },
      [{ phone: '+12025550120', timezone: zone, firstName: 'Sam' }],
    );
    await driver.start(campaignId);
    await driver.waitForStatus(campaignId, 'completed', 60_000);
    const [call] = (await db.query(`SELECT outcome, answered_at FROM calls WHERE campaign_id = $1`, [campaignId])) as { outcome: string; answered_at: Date | null }[];
    expect(call).toEqual({ outcome: 'no_answer', answered_at: null });
    const [organization] = (await db.query('SELECT name FROM organizations WHERE id = $1', [organizationId])) as [{ name: string }];
    const greeting = buildGreeting({ organizationName: organization.name, mainPitch, fields: { first_name: 'Sam' }, language: 'en-US' });
    await access(join(config.tts.cacheDir, `${speechId('espeak', 'en-us+f3', greeting)}.wav`));
  });

  it('records a hang-up during the greeting as hung_up, with the greeting in the transcript', async () => {
    const call = calls.get(numbers.hangsUp)!;
    expect(call).toMatchObject({ status: 'completed', outcome: 'hung_up' });
    expect(call.transcript).toMatch(/^AI: Hello Sam/);
    expect(call.transcript).not.toContain('Customer:');
    expect(await events(call.id)).toHaveLength(1);
  });
});
