import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import ari, { type Channel, type Client as AriClient } from 'ari-client';
import type { DataSource } from 'typeorm';
import { parseCallChannelId } from '../libs/contracts/src';
import { startApi, login } from './support/api-app';
import { CampaignDriver } from './support/campaign-driver';
import { spawnTestWorker } from './support/worker-process';
import { createTenant, daytimeZone, testConfig, testDatabase } from './support/test-env';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The worker process is killed (SIGKILL) again and again while a campaign runs on the real Asterisk.
 * Asterisk's own channel events, watched by a separate ARI application, prove that no attempt was dialed
 * twice; the database proves that every contact still reached a final state.
 */
describe('a campaign whose worker keeps crashing', () => {
  const config = testConfig();
  let db: DataSource;
  let app: INestApplication;
  let driver: CampaignDriver;
  let observer: AriClient;
  let worker: ChildProcess | undefined;
  /** ChannelCreated events per channel id, as Asterisk reported them. */
  const created = new Map<string, number>();

  function startWorker(): ChildProcess {
    return spawnTestWorker(config);
  }

  async function killWorker(): Promise<void> {
    const child = worker;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  beforeAll(async () => {
    db = await testDatabase();
    app = await startApi(config);
    const tenant = await createTenant(db);
    driver = new CampaignDriver(app, db, await login(app, tenant.email, tenant.password));
    observer = await ari.connect(config.ari.url, config.ari.user, config.ari.password);
    observer.on('ChannelCreated', (_event: unknown, channel: Channel) => {
      if (channel.id.startsWith('dialer-')) created.set(channel.id, (created.get(channel.id) ?? 0) + 1);
    });
    await new Promise<void>((resolve, reject) => {
      observer.once('WebSocketConnected', () => resolve());
      observer.start(`crash-observer-${randomUUID().slice(0, 8)}`, true).catch(reject);
    });
  });

  afterAll(async () => {
    await killWorker();
    observer?.stop();
    await app?.close();
    await db?.destroy();
  });

  it('dials no attempt twice and brings every contact to a final state', async () => {
    const zone = daytimeZone();
    // Listeners (0x), busy (1x), no answer (2x), early hang-ups (4x).
    const phones = ['00', '01', '02', '10', '11', '12', '20', '21', '40', '41', '03', '13'].map((tail) => `+120255501${tail}`);
    const campaignId = await driver.createCampaign(
      {
        callSettings: {
          maxConcurrentCalls: 3,
          callIntervalMs: 300,
          retryAttempts: 1,
          retryDelayMinutes: 0.02,
          callTimeoutSeconds: 3,
          breakerMinCalls: 1000,
        },
      },
      phones.map((phone) => ({ phone, timezone: zone })),
    );
    worker = startWorker();
    await driver.start(campaignId);

    for (let kill = 0; kill < 4; kill++) {
      await sleep(2000 + Math.floor(Math.random() * 3000));
      await killWorker();
      await sleep(500 + Math.floor(Math.random() * 1000));
      worker = startWorker();
    }
    const final = await driver.waitForStatus(campaignId, 'completed', 300_000);
    expect(final.totalContacts).toBe(12);
    expect(final.processedContacts).toBe(12);

    const contacts = await driver.contacts(campaignId);
    for (const contact of contacts.values()) expect(['contacted', 'failed']).toContain(contact.status);

    const rows = (await db.query('SELECT channel_id, dialed_at, status FROM calls WHERE campaign_id = $1', [campaignId])) as {
      channel_id: string;
      dialed_at: Date | null;
      status: string;
    }[];
    const ours = new Set(rows.map((r) => r.channel_id));
    // Our side of each call; Asterisk names the simulated callee's side "<id>;2".
    const seen = [...created.entries()].filter(([id]) => parseCallChannelId(id)?.campaignId === campaignId);
    expect(seen.length).toBeGreaterThanOrEqual(12);
    for (const [id, count] of seen) {
      expect({ id, count }).toEqual({ id, count: 1 });
      expect(ours.has(id)).toBe(true);
    }
    for (const row of rows) expect(['completed', 'failed']).toContain(row.status);
  }, 400_000);
});
