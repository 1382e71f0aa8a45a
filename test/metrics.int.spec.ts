import { type AddressInfo, createServer } from 'node:net';
import { DefaultLogger } from '@temporalio/worker';
import request from 'supertest';
import { installTemporalRuntime } from '../apps/worker/src/worker-observability';
import { loadConfig } from '../libs/config/src';
import { startApi } from './support/api-app';
import { type DialerHarness, startDialer } from './support/dialer-harness';
import { daytimeZone, eventually, testConfig } from './support/test-env';

/** A port nobody listens on right now, for an endpoint whose port must be known before it starts. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The samples of one scrape in Prometheus's text format, by name and labels as written. */
function samples(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^(\w+(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (match) values.set(match[1]!, Number(match[2]));
  }
  return values;
}

const value = (scrape: Map<string, number>, series: string) => scrape.get(series) ?? 0;

const NUMBERS = { busy: '+12025550110', listens: '+12025550100' };

/**
 * The worker's and the API's /metrics while a small campaign runs on the Asterisk sandbox, and the Temporal
 * SDK's own endpoint. Every assertion compares a scrape before the campaign with one after it.
 */
describe('metrics of a running dialer', () => {
  let harness: DialerHarness;
  let workerMetrics: string;
  let temporalMetrics: string;

  beforeAll(async () => {
    const ports = { worker: await freePort(), temporal: await freePort() };
    const metrics = { METRICS_ENABLED: 'true', METRICS_PORT: String(ports.worker), TEMPORAL_METRICS_PORT: String(ports.temporal) };
    // The SDK's runtime with its Prometheus endpoint before testConfig would install a quiet one of its own.
    installTemporalRuntime(loadConfig(metrics), new DefaultLogger('WARN'));
    harness = await startDialer(testConfig(metrics));
    workerMetrics = `http://127.0.0.1:${ports.worker}/metrics`;
    temporalMetrics = `http://127.0.0.1:${ports.temporal}/metrics`;
  });

  afterAll(async () => {
    await harness?.close();
  });

  const scrapeWorker = async () => {
    const response = await fetch(workerMetrics);
    expect(response.status).toBe(200);
    return response.text();
  };

  it("counts the campaign's dials, answers and outcomes, times dial starts and turns, and ends with no active call", async () => {
    const before = samples(await scrapeWorker());
    const campaignId = await harness.driver.createCampaign(
      { callSettings: { maxConcurrentCalls: 2, callIntervalMs: 200, retryAttempts: 0, callTimeoutSeconds: 3 } },
      Object.values(NUMBERS).map((phone) => ({ phone, timezone: daytimeZone() })),
    );
    await harness.driver.start(campaignId);
    await harness.driver.waitForStatus(campaignId, 'completed');
    const calls = await harness.driver.calls(campaignId);
    expect(calls.map((c) => [c.phone, c.outcome]).sort()).toEqual([
      [NUMBERS.listens, 'no_decision'],
      [NUMBERS.busy, 'busy'],
    ]);

    const text = await scrapeWorker();
    const after = samples(text);
    expect(value(after, 'ai_dialer_dial_attempts_total')).toBe(value(before, 'ai_dialer_dial_attempts_total') + 2);
    expect(value(after, 'ai_dialer_calls_answered_total')).toBe(value(before, 'ai_dialer_calls_answered_total') + 1);
    expect(value(after, 'ai_dialer_call_outcomes_total{outcome="busy"}')).toBe(value(before, 'ai_dialer_call_outcomes_total{outcome="busy"}') + 1);
    expect(value(after, 'ai_dialer_call_outcomes_total{outcome="no_decision"}')).toBe(value(before, 'ai_dialer_call_outcomes_total{outcome="no_decision"}') + 1);
    expect(value(after, 'ai_dialer_dial_start_seconds_count')).toBe(value(before, 'ai_dialer_dial_start_seconds_count') + 2);
    // Two dials on a local Asterisk: well under a second each, and not the pacing interval's wait.
    const dialStartSeconds = value(after, 'ai_dialer_dial_start_seconds_sum') - value(before, 'ai_dialer_dial_start_seconds_sum');
    expect(dialStartSeconds).toBeGreaterThan(0);
    expect(dialStartSeconds).toBeLessThan(2);
    expect(value(after, 'ai_dialer_conversation_turn_seconds_count')).toBeGreaterThan(value(before, 'ai_dialer_conversation_turn_seconds_count'));
    expect(value(after, 'ai_dialer_ari_errors_total{operation="originate",kind="rejected"}')).toBe(
      value(before, 'ai_dialer_ari_errors_total{operation="originate",kind="rejected"}'),
    );
    expect(value(before, 'ai_dialer_active_calls')).toBe(0);
    expect(value(after, 'ai_dialer_active_calls')).toBe(0);

    // No tenant data in any label: neither the organization, the campaign nor a number.
    for (const secret of [harness.organizationId, campaignId, '2025550110', '2025550100']) expect(text).not.toContain(secret);
  });

  it("serves the Temporal SDK's metrics on their own port", async () => {
    const text = await eventually(
      async () => {
        const body = await (await fetch(temporalMetrics)).text();
        return /^temporal_workflow_completed\b/m.test(body) ? body : undefined;
      },
      'the SDK to export its metrics',
      10_000,
    );
    expect(text).toMatch(/^temporal_activity_execution_latency/m);
    expect(text).toMatch(/^temporal_worker_task_slots_available\{/m);
  });

  it('serves GET /metrics on the API when enabled: requests by route template, never ids', async () => {
    await harness.driver.get('/campaigns').expect(200);
    const response = await request(harness.app.getHttpServer()).get('/metrics').expect(200);
    expect(response.headers['content-type']).toContain('text/plain');
    const scrape = samples(response.text);
    expect(value(scrape, 'ai_dialer_http_request_duration_seconds_count{method="GET",route="/api/v1/campaigns",status="200"}')).toBeGreaterThan(0);
    expect(value(scrape, 'ai_dialer_http_request_duration_seconds_count{method="GET",route="/api/v1/calls/queue/status/:campaignId",status="200"}')).toBeGreaterThan(0);
    expect(response.text).not.toContain(harness.organizationId);
    // The calls are the worker's to count (its own endpoint): none of them here, not even at zero.
    expect(response.text).not.toContain('ai_dialer_dial_attempts_total');
  });

  it('answers 404 on the API when metrics are not enabled', async () => {
    const app = await startApi(testConfig());
    try {
      await request(app.getHttpServer()).get('/metrics').expect(404);
    } finally {
      await app.close();
    }
  });
});
