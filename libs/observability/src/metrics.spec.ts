import { ActiveCalls } from './active-calls';
import { apiMetricsRegistry, callMetrics, timeConversationTurn, workerMetricsRegistry } from './metrics';
import { MetricsServer } from './metrics-server';
import { RecentKeys } from './recent-keys';

/** A metric's value for one set of labels (0 when absent), from the registry's own reading. */
async function value(name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = workerMetricsRegistry.getSingleMetric(name);
  if (!metric) throw new Error(`no metric ${name}`);
  const { values } = await metric.get();
  // A histogram's values are its buckets, sum and count (each named); its count is the number of samples.
  const sample = values.find(
    (v) => Object.entries(labels).every(([key, wanted]) => v.labels[key] === wanted) && [undefined, `${name}_count`].includes((v as { metricName?: string }).metricName),
  );
  return sample?.value ?? 0;
}

const LIMITS = { callTimeoutSeconds: 30, maxCallSeconds: 600 };

describe('the dialer metrics', () => {
  it('counts dials, Asterisk errors, answers and outcomes, and times accepted dials', async () => {
    const before = {
      dials: await value('ai_dialer_dial_attempts_total'),
      rejected: await value('ai_dialer_ari_errors_total', { operation: 'originate', kind: 'rejected' }),
      ambiguous: await value('ai_dialer_ari_errors_total', { operation: 'originate', kind: 'ambiguous' }),
      timed: await value('ai_dialer_dial_start_seconds'),
      answered: await value('ai_dialer_calls_answered_total'),
      busy: await value('ai_dialer_call_outcomes_total', { outcome: 'busy' }),
      active: await value('ai_dialer_active_calls'),
    };
    callMetrics.originated('call-a', { kind: 'accepted' }, 0.12, LIMITS);
    callMetrics.originated('call-b', { kind: 'ambiguous', reason: 'timeout' }, 5, LIMITS);
    callMetrics.originated('call-c', { kind: 'rejected', reason: 'bad endpoint' }, 0.01, LIMITS);
    expect(await value('ai_dialer_dial_attempts_total')).toBe(before.dials + 3);
    expect(await value('ai_dialer_ari_errors_total', { operation: 'originate', kind: 'rejected' })).toBe(before.rejected + 1);
    expect(await value('ai_dialer_ari_errors_total', { operation: 'originate', kind: 'ambiguous' })).toBe(before.ambiguous + 1);
    expect(await value('ai_dialer_dial_start_seconds')).toBe(before.timed + 1);
    // A rejected originate made no channel; an ambiguous one may have.
    expect(await value('ai_dialer_active_calls')).toBe(before.active + 2);

    callMetrics.answered('call-a');
    callMetrics.ended('call-a', 'no_decision');
    callMetrics.ended('call-b', 'busy');
    callMetrics.ended('call-c', 'failed');
    // A step run again (its workflow task failed after it) counts nothing more.
    callMetrics.answered('call-a');
    callMetrics.ended('call-b', 'busy');
    expect(await value('ai_dialer_calls_answered_total')).toBe(before.answered + 1);
    expect(await value('ai_dialer_call_outcomes_total', { outcome: 'busy' })).toBe(before.busy + 1);
    expect(await value('ai_dialer_active_calls')).toBe(before.active);
  });

  it('counts gate refusals by reason and failed event deliveries', async () => {
    const dnc = await value('ai_dialer_compliance_refusals_total', { reason: 'dnc' });
    const delivery = await value('ai_dialer_ari_errors_total', { operation: 'event_delivery', kind: 'failed' });
    callMetrics.refused('dnc');
    callMetrics.eventDeliveryFailed();
    expect(await value('ai_dialer_compliance_refusals_total', { reason: 'dnc' })).toBe(dnc + 1);
    expect(await value('ai_dialer_ari_errors_total', { operation: 'event_delivery', kind: 'failed' })).toBe(delivery + 1);
  });

  it('times conversation turns, failed ones too', async () => {
    const before = await value('ai_dialer_conversation_turn_seconds');
    await expect(timeConversationTurn(async () => 'reply')).resolves.toBe('reply');
    await expect(timeConversationTurn(() => Promise.reject(new Error('update failed')))).rejects.toThrow('update failed');
    expect(await value('ai_dialer_conversation_turn_seconds')).toBe(before + 2);
  });

  it('labels nothing with tenant data: only outcome, reason, operation, kind, method, route and status', async () => {
    const all = [...(await workerMetricsRegistry.getMetricsAsJSON()), ...(await apiMetricsRegistry.getMetricsAsJSON())];
    const labels = new Set(all.filter((m) => m.name.startsWith('ai_dialer_')).flatMap((m) => m.values.flatMap((v) => Object.keys(v.labels))));
    labels.delete('le');
    expect([...labels].every((label) => ['outcome', 'reason', 'operation', 'kind', 'method', 'route', 'status'].includes(label))).toBe(true);
  });

  it("keeps the call metrics to the worker's scrape and the request metrics to the API's, process metrics in both", async () => {
    const [worker, api] = await Promise.all([workerMetricsRegistry.metrics(), apiMetricsRegistry.metrics()]);
    expect(worker).toContain('# TYPE ai_dialer_dial_attempts_total counter');
    expect(worker).not.toContain('ai_dialer_http_request_duration_seconds');
    expect(api).toContain('# TYPE ai_dialer_http_request_duration_seconds histogram');
    expect(api).not.toMatch(/ai_dialer_(dial|call|compliance|ari|conversation|active)/);
    expect(worker).toContain('process_cpu_user_seconds_total');
    expect(api).toContain('process_cpu_user_seconds_total');
  });

  it('is served as Prometheus text on GET /metrics, and nothing else', async () => {
    const server = new MetricsServer();
    const port = await server.listen(0, '127.0.0.1');
    try {
      const response = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/plain');
      const body = await response.text();
      expect(body).toContain('# TYPE ai_dialer_dial_attempts_total counter');
      expect(body).toContain('# TYPE ai_dialer_active_calls gauge');
      expect(body).toContain('process_cpu_user_seconds_total');
      expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(404);
      expect((await fetch(`http://127.0.0.1:${port}/metrics`, { method: 'POST' })).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});

describe(RecentKeys.name, () => {
  it('admits a key once within its window, and again after it', () => {
    let now = 0;
    const keys = new RecentKeys(1_000, () => now);
    expect(keys.first('a')).toBe(true);
    expect(keys.first('a')).toBe(false);
    now = 500;
    expect(keys.first('b')).toBe(true);
    now = 1_000;
    expect(keys.first('a')).toBe(true);
    expect(keys.first('b')).toBe(false);
  });
});

describe(ActiveCalls.name, () => {
  it('counts calls dialed and not ended, ignores ends of calls dialed elsewhere, and forgets calls past their longest life', () => {
    let now = 1_000;
    const calls = new ActiveCalls(() => now);
    calls.dialed('a', 10_000);
    calls.dialed('b', 60_000);
    calls.dialed('a', 10_000);
    expect(calls.count()).toBe(2);
    calls.ended('elsewhere');
    expect(calls.count()).toBe(2);
    now += 10_000;
    expect(calls.count()).toBe(1);
    calls.ended('b');
    expect(calls.count()).toBe(0);
  });
});
