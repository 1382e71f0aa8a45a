import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer, connect } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import ari, { type Channel, type Client as AriClient } from 'ari-client';
import type { DataSource } from 'typeorm';
import { parseCallChannelId } from '../libs/contracts/src';
import { startApi, login } from './support/api-app';
import { CampaignDriver } from './support/campaign-driver';
import { spawnTestWorker } from './support/worker-process';
import { createTenant, daytimeZone, eventually, testConfig, testDatabase } from './support/test-env';


/**
 * A worker dies (SIGKILL) in the middle of conversations on the real Asterisk. With another worker alive,
 * the dialplan hands the conversation to it and it goes on from what the CallWorkflow knows; with none, the
 * dialplan itself apologises and takes the opt-out key, and the CallWorkflow acts on what it left.
 */
describe('a conversation whose worker dies', () => {
  const config = testConfig();
  let db: DataSource;
  let app: INestApplication;
  let driver: CampaignDriver;
  let organizationId: string;
  let observer: AriClient;
  const workers = new Map<number, ChildProcess>();
  /** ChannelCreated and answers per channel id, as Asterisk reported them. */
  const created = new Map<string, number>();
  const answered = new Set<string>();
  const destroyed = new Set<string>();

  async function freePort(): Promise<number> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    return port;
  }

  /** Audio server ports (where GET /ready answers) by FastAGI port. */
  const audioPorts = new Map<number, number>();

  /** A worker process on its own FastAGI port, once that port accepts connections (it is then in the dialplan's pool). */
  async function startWorker(): Promise<number> {
    const port = await freePort();
    const audioPort = await freePort();
    audioPorts.set(port, audioPort);
    const child = spawnTestWorker(config, {
      AGI_PORT: String(port),
      AUDIO_PORT: String(audioPort),
      LISTEN_TIMEOUT_SECONDS: '2',
      METRICS_ENABLED: 'false',
    });
    workers.set(port, child);
    await eventually(() => accepts(port).then((ok) => (ok ? true : undefined)), `worker on FastAGI port ${port}`, 60_000);
    // The worker joins the pool right after its FastAGI server listens.
    await new Promise((resolve) => setTimeout(resolve, 500));
    return port;
  }

  async function killWorker(port: number): Promise<void> {
    const child = workers.get(port);
    workers.delete(port);
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  /** The port of the worker whose FastAGI session holds the call now. */
  async function holder(channelId: string): Promise<number> {
    const { value } = await observer.channels.getChannelVar({ channelId, variable: 'DIALER_AGI_URL' });
    return Number(new URL(value).port);
  }

  const ourChannels = (campaignId: string) => [...created.keys()].filter((id) => parseCallChannelId(id)?.campaignId === campaignId);

  async function transcript(campaignId: string, phone: string, attempt = 1): Promise<string[]> {
    const rows = (await db.query(
      `SELECT e.event_data->>'ai_response' AS said FROM call_events e JOIN calls c ON c.id = e.call_id JOIN contacts ct ON ct.id = c.contact_id
        WHERE c.campaign_id = $1 AND ct.phone = $2 AND c.attempt = $3 AND e.event_type = 'ai_conversation' ORDER BY e.timestamp, e.id`,
      [campaignId, phone, attempt],
    )) as { said: string }[];
    return rows.map((r) => r.said);
  }

  beforeAll(async () => {
    db = await testDatabase();
    app = await startApi(config);
    const tenant = await createTenant(db);
    organizationId = tenant.organizationId;
    driver = new CampaignDriver(app, db, await login(app, tenant.email, tenant.password));
    observer = await ari.connect(config.ari.url, config.ari.user, config.ari.password);
    observer.on('ChannelCreated', (_event: unknown, channel: Channel) => {
      if (channel.id.startsWith('dialer-')) created.set(channel.id, (created.get(channel.id) ?? 0) + 1);
    });
    observer.on('ChannelStateChange', (_event: unknown, channel: Channel) => {
      if (channel.id.startsWith('dialer-') && channel.state === 'Up') answered.add(channel.id);
    });
    observer.on('ChannelDestroyed', (_event: unknown, channel: Channel) => void destroyed.add(channel.id));
    await new Promise<void>((resolve, reject) => {
      observer.once('WebSocketConnected', () => resolve());
      observer.start(`rescue-observer-${randomUUID().slice(0, 8)}`, true).catch(reject);
    });
  });

  afterAll(async () => {
    for (const port of [...workers.keys()]) await killWorker(port);
    observer?.stop();
    await app?.close();
    await db?.destroy();
  });

  /** The worker's readiness checks, once it answers ready (Asterisk, PostgreSQL and Temporal there, and polling). */
  const readiness = (port: number) =>
    eventually(async () => {
      const response = await fetch(`http://127.0.0.1:${audioPorts.get(port)}/ready`);
      return response.ok ? ((await response.json()) as { checks: { name: string; ok: boolean }[] }) : undefined;
    }, 'the worker to be ready');

  it('goes on with another worker from where the conversation was, and the campaign status stays readable', async () => {
    const first = await startWorker();
    // Readiness covers ARI: each worker answers that Asterisk, PostgreSQL and Temporal are there.
    expect((await readiness(first)).checks).toEqual([
      { name: 'asterisk', ok: true },
      { name: 'postgres', ok: true },
      { name: 'temporal', ok: true },
    ]);
    // A silent listener: the AI's opening, then two unanswered turns end the call.
    const phone = '+12025550190';
    const campaignId = await driver.createCampaign({ callSettings: { maxConcurrentCalls: 1, retryAttempts: 0 } }, [{ phone, timezone: daytimeZone() }]);
    await driver.start(campaignId);
    // The opening is recorded as it starts to play: kill the worker holding the conversation then. It was the only
    // worker, so it also holds the campaign's workflow, whose tasks and queries wait on its queue until they move.
    await eventually(async () => ((await transcript(campaignId, phone)).length > 0 ? true : undefined), 'the opening', 60_000);
    const [channelId] = ourChannels(campaignId);
    expect(await holder(channelId!)).toBe(first);
    const second = await startWorker();
    await readiness(second);
    await killWorker(first);
    // The status query waits for the dead worker's queue to time out (3 s), then another worker answers it.
    expect(await driver.status(campaignId)).toMatchObject({ status: 'running', totalContacts: 1 });

    await driver.waitForStatus(campaignId, 'completed', 120_000);
    const said = await transcript(campaignId, phone);
    const resumed = said.findIndex((s) => s.startsWith('Sorry, we lost the line for a moment.'));
    expect(resumed).toBe(1);
    // It repeats what the AI had said, then the conversation goes on with more turns to its end.
    expect(said[resumed]).toContain(said[0]);
    expect(said.length).toBeGreaterThan(resumed + 1);
    const [call] = await driver.calls(campaignId);
    expect(call).toMatchObject({ status: 'completed', outcome: 'no_decision' });
    expect(ourChannels(campaignId).map((id) => created.get(id))).toEqual([1]);
    await killWorker(second);
  }, 180_000);

  it('apologises in the dialplan when no worker is left, keeps an opt-out pressed there and calls the others again', async () => {
    const only = await startWorker();
    // Rings 3 s, then presses 9 every 2 s (its keys during the AI's speech are lost); and a silent listener who
    // answers at once. The worker dies before the first answers: no worker hears that answer, only the dialplan.
    const optingOut = '+12025556371';
    const listening = '+12025550191';
    const campaignId = await driver.createCampaign(
      { callSettings: { maxConcurrentCalls: 2, callIntervalMs: 0, retryAttempts: 1, retryDelayMinutes: 0.05, breakerMinCalls: 1000 } },
      [optingOut, listening].map((phone) => ({ phone, timezone: daytimeZone() })),
    );
    await driver.start(campaignId);
    // Both dialed: the only worker dies before their conversations could get anywhere.
    const firstCalls = await eventually(async () => {
      const dialed = ourChannels(campaignId);
      return dialed.length === 2 ? dialed : undefined;
    }, 'both calls dialed', 60_000);
    await killWorker(only);
    // With no worker left, the status says so and shows the stored state, instead of waiting on the engine and failing.
    const { body } = await driver.get(`/calls/queue/status/${campaignId}`).expect(200);
    expect(body).toMatchObject({ live: false, message: expect.stringContaining('No worker answered'), status: { status: 'running', totalContacts: 2 } });
    // A settings change needs a worker to apply it: it is refused as unconfirmed, not left hanging (the value is the
    // campaign's own, so it changes nothing when the next worker does apply it).
    const change = await driver.patch(`/campaigns/${campaignId}`, { callSettings: { retryDelayMinutes: 0.05 } }).expect(503);
    expect((change.body as { message: string }).message).toMatch(/^callSettings: the running campaign did not confirm the change/);
    await eventually(async () => (firstCalls.every((id) => answered.has(id)) ? true : undefined), 'both calls answered', 30_000);
    // The dialplan finds no worker to resume with, apologises and ends both calls.
    await eventually(async () => (firstCalls.every((id) => destroyed.has(id)) ? true : undefined), 'both calls ended in the dialplan', 90_000);
    await startWorker();

    await driver.waitForStatus(campaignId, 'completed', 180_000);
    const calls = await driver.calls(campaignId);
    expect(calls.filter((c) => c.phone === optingOut)).toEqual([
      expect.objectContaining({ attempt: 1, status: 'completed', outcome: 'opted_out', answered_at: expect.any(Date) }),
    ]);
    // Its times are the dialplan's: answered, apologised and hung up in seconds, not when the workflow found it gone.
    const [optedOut] = calls.filter((c) => c.phone === optingOut);
    expect(optedOut!.ended_at!.getTime() - optedOut!.answered_at!.getTime()).toBeLessThan(30_000);
    // Dialed when it was, not when the dial step ran again (and met its fence) after the worker came back.
    expect(optedOut!.dialed_at!.getTime()).toBeLessThan(optedOut!.answered_at!.getTime());
    const listened = calls.filter((c) => c.phone === listening);
    expect(listened.map((c) => ({ attempt: c.attempt, outcome: c.outcome }))).toEqual([
      { attempt: 1, outcome: 'failed' },
      { attempt: 2, outcome: 'no_decision' },
    ]);
    const dnc = (await db.query('SELECT 1 FROM dnc_entries WHERE organization_id = $1 AND phone = $2', [organizationId, optingOut])) as unknown[];
    expect(dnc).toHaveLength(1);
    const contacts = await driver.contacts(campaignId);
    expect(contacts.get(optingOut)?.status).toBe('dnc');
    expect((await transcript(campaignId, optingOut)).at(-1)).toMatch(/dialplan took the opt-out key/);
    expect((await transcript(campaignId, listening)).at(-1)).toMatch(/dialplan apologised/);
    for (const id of ourChannels(campaignId)) expect({ id, created: created.get(id) }).toEqual({ id, created: 1 });
  }, 300_000);
});

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
