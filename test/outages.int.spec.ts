import type { INestApplication } from '@nestjs/common';
import { type AddressInfo, type Server, type Socket, connect, createServer } from 'node:net';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { RETRY_AFTER_SECONDS } from '../apps/api/src/common/outage';
import { startApi, login } from './support/api-app';
import { newCall, newCampaign, newContact } from './support/db-fixtures';
import { TEST_DATABASE_URL, createTenant, eventually, testConfig, testDatabase } from './support/test-env';

/**
 * A TCP relay to one server that the test can cut, as an outage looks to the API (open connections reset,
 * new ones refused), and restore on the same port. Only the relay is cut: the shared server never notices
 * more than its clients going away.
 */
class CuttableProxy {
  private readonly server: Server = createServer((socket) => this.relay(socket));
  private readonly sockets = new Set<Socket>();
  private port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    await this.listen(0);
    this.port = (this.server.address() as AddressInfo).port;
  }

  async cut(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.resetAndDestroy();
    await closed;
  }

  restore(): Promise<void> {
    return this.listen(this.port);
  }

  private listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
  }

  private relay(client: Socket): void {
    const upstream = connect(this.targetPort, this.targetHost);
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      this.sockets.add(from);
      from.pipe(to);
      // An error on either side ends both, as a broken link would.
      from.on('error', () => to.destroy());
      from.on('close', () => {
        this.sockets.delete(from);
        to.destroy();
      });
    }
  }
}

/**
 * PostgreSQL or Temporal out of reach is an outage, and the API says so: 503 with Retry-After (not 500), and
 * the same requests succeed once the dependency is back, without restarting the API.
 */
describe('the API during an outage of PostgreSQL or Temporal', () => {
  let db: DataSource;
  let app: INestApplication;
  let token: string;
  let campaignId: string;
  let database: CuttableProxy;
  let temporal: CuttableProxy;

  beforeAll(async () => {
    const databaseUrl = new URL(TEST_DATABASE_URL);
    database = new CuttableProxy(databaseUrl.hostname, Number(databaseUrl.port || 5432));
    const [temporalHost, temporalPort] = testConfig().temporal.address.split(':');
    temporal = new CuttableProxy(temporalHost ?? '127.0.0.1', Number(temporalPort ?? 7233));
    await Promise.all([database.start(), temporal.start()]);
    databaseUrl.host = database.address;

    db = await testDatabase();
    app = await startApi(testConfig({ DATABASE_URL: databaseUrl.toString(), TEMPORAL_ADDRESS: temporal.address }));
    const tenant = await createTenant(db);
    token = await login(app, tenant.email, tenant.password);
    const campaign = await newCampaign(db, tenant.organizationId);
    campaignId = campaign.campaignId;
    await newCall(db, await newContact(db, campaign, '+12025550170'));
  });

  afterAll(async () => {
    await app?.close();
    await db?.destroy();
    await Promise.all([database?.cut(), temporal?.cut()]);
  });

  const get = (path: string) => request(app.getHttpServer()).get(`/api/v1${path}`).set('Authorization', `Bearer ${token}`);
  const calls = () => get(`/calls?campaign_id=${campaignId}`);
  const queueStatus = () => get(`/calls/queue/status/${campaignId}`);
  const ready = () => request(app.getHttpServer()).get('/api/v1/health/ready');

  function expectOutage(response: request.Response): void {
    expect({ status: response.status, retryAfter: response.headers['retry-after'] }).toEqual({ status: 503, retryAfter: String(RETRY_AFTER_SECONDS) });
    expect(response.body).toMatchObject({ success: false, statusCode: 503, error: 'Service Unavailable' });
  }

  function expectChecks(response: request.Response, checks: { postgres: boolean; temporal: boolean }): void {
    const body = response.body as { checks: { name: string; ok: boolean }[] };
    expect(Object.fromEntries(body.checks.map((check) => [check.name, check.ok]))).toEqual(checks);
  }

  async function expectServing(): Promise<void> {
    const history = await calls().expect(200);
    expect((history.body as { calls: unknown[] }).calls).toHaveLength(1);
    const queue = await queueStatus().expect(200);
    expect(queue.body).toMatchObject({ success: true, campaignId, status: { status: 'idle', totalContacts: 1 } });
    expectChecks(await ready().expect(200), { postgres: true, temporal: true });
  }

  it('answers 503 with Retry-After while PostgreSQL is cut off, and serves again once it is back', async () => {
    await expectServing();

    await database.cut();
    expectOutage(await calls());
    expectOutage(await queueStatus());
    const notReady = await ready();
    expectOutage(notReady);
    expectChecks(notReady, { postgres: false, temporal: true });

    await database.restore();
    await expectServing();
  });

  it('answers 503 with Retry-After from a route that needs Temporal while it is cut off, and serves again once it is back', async () => {
    await expectServing();

    await temporal.cut();
    expectOutage(await queueStatus());
    // Routes that only read the database keep answering.
    await calls().expect(200);
    const notReady = await ready();
    expectOutage(notReady);
    expectChecks(notReady, { postgres: true, temporal: false });

    await temporal.restore();
    // The Temporal client reconnects with its own backoff; the API itself is not restarted.
    await eventually(async () => ((await queueStatus()).status === 200 ? true : undefined), 'the queue status to answer 200 again', 30_000, 500);
    await expectServing();
  });
});
