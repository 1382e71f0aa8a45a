import { randomUUID } from 'node:crypto';
import ari, { type Client as AriClient } from 'ari-client';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import type { CallHandoff } from '../libs/contracts/src';
import { catalogueFor } from '../libs/conversation/src';
import { speechId } from '../libs/speech/src/tts/speech-cache';
import type { CampaignDriver } from './support/campaign-driver';
import { type DialerHarness, startDialer } from './support/dialer-harness';
import { login } from './support/api-app';
import { createTenant, daytimeZone, eventually, testConfig } from './support/test-env';

interface HandedOffCall {
  id: string;
  phone: string;
  status: string;
  outcome: string;
  transcript: string;
  channel_id: string;
  handoff: CallHandoff | null;
  answered_at: Date;
  ended_at: Date;
  contact_status: string;
  next_attempt_at: Date | null;
}

/** What the test's own ARI subscription saw, in Asterisk's order. */
type Seen =
  | { type: 'dial'; caller: string; peer: string; peerName: string; status: string }
  | { type: 'talking'; channelName: string }
  | { type: 'playback'; channelName: string; file: string }
  | { type: 'bridged'; channelName: string; bridgeChannels: string[] };

/**
 * Handoff to a person on the real Asterisk: customers (pressing 1, or saying "Can I speak to a person?")
 * are put through to the sandbox's simulated agents (`[sim-agents]` in asterisk/extensions.conf), which
 * turn on talk detection, so what the agent hears and when is checked from the agent's side over ARI.
 */
describe('handoff to a person', () => {
  const config = testConfig({ LISTEN_TIMEOUT_SECONDS: '3', MAX_TURNS: '3' });
  const zone = daytimeZone();
  const english = catalogueFor('en-US');
  const numbers = { pressesInterested: '+12025550162', asksForPerson: '+12025558055', noAgent: '+12025550163' };
  const callbackDelayMinutes = 90;
  const calls = new Map<string, HandedOffCall>();
  const seen: Seen[] = [];
  let harness: DialerHarness;
  let db: DataSource;
  let driver: CampaignDriver;
  let watcher: AriClient;
  let organizationName: string;

  beforeAll(async () => {
    watcher = await ari.connect(config.ari.url, config.ari.user, config.ari.password);
    watcher.on('Dial', (event) => {
      if (event.caller && event.dialstatus) seen.push({ type: 'dial', caller: event.caller.id, peer: event.peer.id, peerName: event.peer.name, status: event.dialstatus });
    });
    watcher.on('ChannelTalkingStarted', (_event, channel) => seen.push({ type: 'talking', channelName: channel.name }));
    watcher.on('ChannelDialplan', (event, channel) => {
      if (event.dialplan_app === 'Playback') seen.push({ type: 'playback', channelName: channel.name, file: event.dialplan_app_data });
    });
    watcher.on('ChannelEnteredBridge', (event) => {
      if (event.channel) seen.push({ type: 'bridged', channelName: event.channel.name, bridgeChannels: [event.bridge.channels].flat() });
    });
    // subscribeAll: the agents' channels never enter an application, their events come only this way.
    await new Promise<void>((resolve, reject) => {
      watcher.once('WebSocketConnected', () => resolve());
      watcher.start(`handoff-test-${randomUUID().slice(0, 8)}`, true).catch(reject);
    });

    harness = await startDialer(config);
    ({ db, driver } = harness);
    [{ name: organizationName }] = (await db.query('SELECT name FROM organizations WHERE id = $1', [harness.organizationId])) as [{ name: string }];
    const callSettings = { maxConcurrentCalls: 3, callIntervalMs: 0, retryAttempts: 0, callTimeoutSeconds: 10 };
    const answered = await driver.createCampaign(
      { callSettings, handoff: { destination: { kind: 'channel', value: 'Local/answers@sim-agents' }, triggers: ['interested', 'person_requested'] } },
      [numbers.pressesInterested, numbers.asksForPerson].map((phone) => ({ phone, timezone: zone, firstName: 'Sam' })),
    );
    const unanswered = await driver.createCampaign(
      {
        callSettings,
        handoff: {
          destination: { kind: 'channel', value: 'Local/never-answers@sim-agents' },
          triggers: ['interested'],
          answerTimeoutSeconds: 5,
          callbackDelayMinutes,
        },
      },
      [{ phone: numbers.noAgent, timezone: zone, firstName: 'Sam' }],
    );
    await driver.start(answered);
    await driver.start(unanswered);
    const rows = await eventually(async () => {
      const found = (await db.query(
        `SELECT c.id, ct.phone, c.status, c.outcome, c.transcript, c.channel_id, c.handoff, c.answered_at, c.ended_at,
                ct.status AS contact_status, ct.next_attempt_at
           FROM calls c JOIN contacts ct ON ct.id = c.contact_id
          WHERE c.campaign_id = ANY($1) AND c.status = 'completed' AND c.transcript <> ''`,
        [[answered, unanswered]],
      )) as HandedOffCall[];
      return found.length === 3 ? found : undefined;
    }, 'the three calls to end and be analysed', 200_000);
    for (const row of rows) calls.set(row.phone, row);
    // The callback keeps its campaign open until it is due.
    await driver.post('/calls/automated/stop', { campaignId: unanswered }).expect(200);
    await driver.waitForStatus(unanswered, 'stopped');
    await driver.waitForStatus(answered, 'completed');
  }, 300_000);

  afterAll(async () => {
    watcher?.stop();
    await harness?.close();
  });

  /** The agent's two ends: Dial's peer (`;1`, which plays the summary) and the agent's phone (`;2`, which hears it). */
  function agentOf(call: HandedOffCall) {
    // The last status of the agents' dial (RINGING comes first).
    const dial = seen
      .filter((e): e is Extract<Seen, { type: 'dial' }> => e.type === 'dial' && e.caller === call.channel_id && e.peerName.includes('@sim-agents'))
      .at(-1);
    expect(dial).toBeDefined();
    return { dial: dial!, peer: dial!.peerName, phone: dial!.peerName.replace(/;1$/, ';2') };
  }

  /** Checked from the agent's side: the summary reached the agent's phone before the agent joined the customer's bridge. */
  function expectSummaryBeforeBridge(call: HandedOffCall, summary: string) {
    const agent = agentOf(call);
    expect(agent.dial.status).toBe('ANSWER');
    const played = seen.findIndex((e) => e.type === 'playback' && e.channelName === agent.peer);
    const heard = seen.findIndex((e) => e.type === 'talking' && e.channelName === agent.phone);
    // The agent's end enters the bridge first, then the customer joins it.
    const bridged = seen.findIndex((e) => e.type === 'bridged' && e.bridgeChannels.includes(agent.dial.peer) && e.bridgeChannels.includes(call.channel_id));
    expect(seen[played]).toMatchObject({ file: expect.stringContaining(`${speechId('espeak', 'en-us+f3', summary)}.wav`) });
    expect(heard).toBeGreaterThan(played);
    expect(bridged).toBeGreaterThan(heard);
    return agent;
  }

  it('puts a customer who presses 1 (interested) through to an agent, who hears the summary before the customer', async () => {
    const call = calls.get(numbers.pressesInterested)!;
    expect(call).toMatchObject({ status: 'completed', outcome: 'transferred', contact_status: 'contacted' });
    expect(call.transcript).toContain('Customer: [pressed 1: interested]');
    expect(call.transcript).toContain(`AI: ${english.handoffHold}`);
    const summary = english.handoffSummary({
      contactName: 'Sam',
      phone: numbers.pressesInterested,
      organizationName,
      reason: english.handoffReasons.interested,
      customerSaid: [],
    });
    const agent = expectSummaryBeforeBridge(call, summary);
    expect(call.handoff).toMatchObject({ connected: true, agent: agent.peer, destination: 'Local/answers@sim-agents', dialStatus: null });
    expect(call.handoff!.waitedSeconds).toBeGreaterThan(0);

    const shown = await driver.get(`/calls/${call.id}`).expect(200);
    expect((shown.body as { call: { outcome: string; handoff: CallHandoff } }).call).toMatchObject({ outcome: 'transferred', handoff: call.handoff });
    // Another organization's admin learns nothing of it.
    const stranger = await createTenant(db);
    const token = await login(harness.app, stranger.email, stranger.password);
    await request(harness.app.getHttpServer()).get(`/api/v1/calls/${call.id}`).set('Authorization', `Bearer ${token}`).expect(404);
  });

  it('understands "Can I speak to a person?" and hands that customer off, the words in the summary', async () => {
    const call = calls.get(numbers.asksForPerson)!;
    expect(call).toMatchObject({ status: 'completed', outcome: 'transferred' });
    // The offline recogniser may drop the "can I" (its grammar makes it optional); the request is understood either way.
    expect(call.transcript).toMatch(/Customer: (can i )?speak to a person\n/);
    const exchanges = (await db.query(
      `SELECT event_data->>'intent' AS intent, event_data->>'user_input' AS said FROM call_events WHERE call_id = $1 AND event_type = 'ai_conversation' ORDER BY timestamp, id`,
      [call.id],
    )) as { intent: string | null; said: string }[];
    expect(exchanges.map((row) => row.intent)).toEqual([null, 'person_request']);
    const summary = english.handoffSummary({
      contactName: 'Sam',
      phone: numbers.asksForPerson,
      organizationName,
      reason: english.handoffReasons.person_request,
      customerSaid: [exchanges[1]!.said],
    });
    const agent = expectSummaryBeforeBridge(call, summary);
    expect(call.handoff).toMatchObject({ connected: true, agent: agent.peer });
  });

  it('books a callback, and tells the customer when, when no agent answers in time', async () => {
    const call = calls.get(numbers.noAgent)!;
    expect(call).toMatchObject({ status: 'completed', outcome: 'callback', contact_status: 'retry' });
    expect(call.handoff).toMatchObject({ connected: false, agent: null, dialStatus: 'NOANSWER', destination: 'Local/never-answers@sim-agents' });
    expect(call.handoff!.waitedSeconds).toBeGreaterThanOrEqual(5);
    expect(call.transcript).toContain('everyone on our team is busy right now');
    // Booked callbackDelayMinutes after the moment no agent had answered, within the call.
    const next = call.next_attempt_at!.getTime();
    expect(next).toBeGreaterThan(call.answered_at.getTime() + callbackDelayMinutes * 60_000);
    expect(next).toBeLessThan(call.ended_at.getTime() + callbackDelayMinutes * 60_000);
    expect(call.transcript).toContain(english.spokenTime(call.next_attempt_at!, zone, 'en-US'));
    // The agents' side rang and never joined the customer.
    const agent = agentOf(call);
    expect(agent.dial.status).toBe('NOANSWER');
    expect(seen.some((e) => e.type === 'bridged' && e.bridgeChannels.includes(agent.dial.peer))).toBe(false);
  });

  it('refuses handoff settings that would not work, naming the field, and turns handoff off with null', async () => {
    const refused = await driver
      .post('/campaigns', { name: 'Bad handoff', handoff: { destination: { kind: 'channel', value: 'Local/1@x,60,G(evil)' }, triggers: ['interested'] } })
      .expect(400);
    expect((refused.body as { message: string }).message).toContain('handoff.destination.value');
    const noTrigger = await driver
      .post('/campaigns', { name: 'Bad handoff', handoff: { destination: { kind: 'queue', value: 'sales' }, triggers: [], key: '1' } })
      .expect(400);
    expect((noTrigger.body as { message: string }).message).toMatch(/handoff\.triggers.*handoff\.key/);

    const created = await driver
      .post('/campaigns', { name: 'Queue handoff', handoff: { destination: { kind: 'queue', value: 'sales' }, triggers: ['key'] } })
      .expect(201);
    const campaign = (created.body as { campaign: { id: string; handoff: unknown } }).campaign;
    expect(campaign.handoff).toEqual({ destination: { kind: 'queue', value: 'sales' }, triggers: ['key'], key: '0', answerTimeoutSeconds: 20, callbackDelayMinutes: 60 });
    const off = await driver.patch(`/campaigns/${campaign.id}`, { handoff: null }).expect(200);
    expect((off.body as { campaign: { handoff: unknown } }).campaign.handoff).toBeNull();
  });
});
