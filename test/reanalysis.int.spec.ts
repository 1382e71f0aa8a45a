import request from 'supertest';
import type { DataSource } from 'typeorm';
import { DialerWorker } from '../apps/worker/src/dialer-worker';
import { type ReanalysisProgress, reanalysisStatusQuery, reanalysisWorkflowId } from '../libs/contracts/src';
import { type ConversationTurn, analyzeConversation } from '../libs/conversation/src';
import { login } from './support/api-app';
import { type DialerHarness, startDialer } from './support/dialer-harness';
import { createTenant, eventually, testConfig } from './support/test-env';

interface RunView extends ReanalysisProgress {
  id: string;
  workflowStatus: string | null;
  interrupted: boolean;
  startedAt: string | null;
  finishedAt: string | null;
  throughput: { callsPerSecond: number; elapsedSeconds: number };
}

interface Version {
  version: number;
  producedBy: Record<string, unknown>;
  emotion: string;
  intentScore: number;
  csatScore: number;
  aiInsights: { summary: string };
}

const WORDS = 'That sounds great, I am interested';
const AI_REPLY = 'Wonderful. A member of our team will contact you shortly with the details. Thank you, goodbye.';
const GREETING = 'Hello, this is an automated assistant calling on behalf of Test. Press 1 if you are interested.';

/**
 * Re-analysis without re-dialing, on the real PostgreSQL, Temporal and Asterisk: calls stored directly in the
 * database (their turns in call_events, read by older rules: the customer's "interested" labelled unclear)
 * are analysed again with today's rules through POST /calls/reanalyze; each keeps its earlier analysis as a
 * version, nobody is dialed. The API starts first and the worker later, so a pause can be sent before the
 * run's first page.
 */
describe('re-analysis of stored calls', () => {
  const config = testConfig();
  let harness: DialerHarness;
  let worker: DialerWorker | undefined;

  beforeAll(async () => {
    harness = await startDialer(config, { worker: false });
  });
  afterAll(async () => {
    await worker?.stop();
    await harness?.close();
  });

  /** The worker of this file's task queue, started on need: runs requested while it is stopped wait for it. */
  async function workerRunning(): Promise<void> {
    if (worker) return;
    worker = new DialerWorker(config);
    await worker.start();
  }

  /** No worker polls: a signal sent now reaches a run before its first page. */
  async function workerStopped(): Promise<void> {
    await worker?.stop();
    worker = undefined;
  }

  const rates = config.conversation.rates;
  const turnsOf = (label: Pick<ConversationTurn, 'intent' | 'emotion' | 'confidence'>, at: string): ConversationTurn[] => [
    { user_input: '', ai_response: GREETING, timestamp: at },
    { user_input: WORDS, ai_response: AI_REPLY, ...label, timestamp: at },
  ];
  const analysisOf = (turns: ConversationTurn[]) =>
    analyzeConversation(turns, 'interested', { durationSeconds: 30, ttsCharacters: GREETING.length + AI_REPLY.length, llmPromptTokens: 0, llmCompletionTokens: 0, input: 'keys' }, rates);

  /**
   * A campaign of the harness's organization with `stale` ended calls whose stored turns carry older rules'
   * labels, and `current` ones labelled as today's rules read them; each row shows the analysis of its turns.
   */
  async function storedCalls(db: DataSource, counts: { stale: number; current: number }): Promise<string> {
    const [{ id: campaignId }] = (await db.query(`INSERT INTO campaigns (organization_id, name) VALUES ($1, 'Re-analysis test') RETURNING id`, [harness.organizationId])) as [
      { id: string },
    ];
    const at = new Date(Date.now() - 3_600_000).toISOString();
    const groups = [
      { size: counts.stale, label: { intent: 'unclear', emotion: 'neutral', confidence: 0.3 } as const },
      { size: counts.current, label: { intent: 'interested', emotion: 'positive', confidence: 0.85 } as const },
    ];
    let first = 0;
    for (const { size, label } of groups) {
      if (size === 0) continue;
      const turns = turnsOf(label, at);
      const analysis = analysisOf(turns);
      await db.query(
        `WITH contact AS (
           INSERT INTO contacts (organization_id, campaign_id, first_name, phone, status)
           SELECT $1, $2, 'Stored', '+1202' || lpad(i::text, 7, '0'), 'completed' FROM generate_series($3::int, $3::int + $4::int - 1) i
           RETURNING id
         ), call AS (
           INSERT INTO calls (organization_id, campaign_id, contact_id, attempt, workflow_id, channel_id, status, outcome, duration,
                              transcript, emotion, intent_score, csat_score, ai_insights, cost, dialed_at, answered_at, ended_at, created_at)
           SELECT $1, $2, contact.id, 1, 'stored-' || contact.id, 'stored-' || contact.id, 'completed', 'interested', 30,
                  $5, $6, $7, $8, $9, $10, $11::timestamptz, $11::timestamptz, $11::timestamptz + interval '30 seconds', $11::timestamptz
             FROM contact
           RETURNING id
         )
         INSERT INTO call_events (call_id, organization_id, event_type, event_data, dedupe_key, timestamp)
         SELECT call.id, $1, 'ai_conversation', turn.data, 'turn-' || (turn.n - 1), $11::timestamptz
           FROM call, jsonb_array_elements($12::jsonb) WITH ORDINALITY AS turn(data, n)`,
        [harness.organizationId, campaignId, first, size, analysis.transcript, analysis.emotion, analysis.intentScore, analysis.csatScore, JSON.stringify(analysis.insights), analysis.cost, at, JSON.stringify(turns)],
      );
      first += size;
    }
    return campaignId;
  }

  const run = async (id: string): Promise<RunView> => (await harness.driver.get(`/calls/reanalyze/${id}`).expect(200)).body.reanalysis as RunView;
  const runReaches = (id: string, status: string) =>
    eventually(async () => {
      const view = await run(id);
      return view.status === status ? view : undefined;
    }, `re-analysis ${id} ${status}`, 120_000);

  /** Asterisk's channels, and those of one campaign (a dial of ours would carry its id in the channel id). */
  async function channels(campaignId: string): Promise<{ all: number; ours: number }> {
    const response = await fetch(`${config.ari.url}/ari/channels`, {
      headers: { authorization: `Basic ${Buffer.from(`${config.ari.user}:${config.ari.password}`).toString('base64')}` },
    });
    const list = (await response.json()) as { id: string; name: string }[];
    return { all: list.length, ours: list.filter((c) => c.id.includes(campaignId) || c.name.includes(campaignId)).length };
  }

  it('re-analyses 1,000 stored calls with today\'s rules, keeps each earlier analysis, and dials nobody', async () => {
    const { db, driver } = harness;
    const campaignId = await storedCalls(db, { stale: 900, current: 100 });
    const callRows = async () => ((await db.query('SELECT count(*)::int AS n FROM calls WHERE organization_id = $1', [harness.organizationId])) as [{ n: number }])[0].n;
    const callsBefore = await callRows();
    const channelsBefore = await channels(campaignId);
    await workerRunning();

    const started = (await driver.post('/calls/reanalyze', { campaignId }).expect(202)).body.reanalysis as RunView;
    expect(started.status).toBe('running');
    const seen: { all: number; ours: number }[] = [];
    const done = await eventually(async () => {
      seen.push(await channels(campaignId));
      const view = await run(started.id);
      return view.status === 'completed' ? view : undefined;
    }, 'the re-analysis to complete', 300_000, 200);

    expect(done).toMatchObject({ total: 1_000, processed: 1_000, changed: 900, backfilled: 1_000, interrupted: false });
    expect(done.finishedAt).not.toBeNull();
    expect(done.throughput.callsPerSecond).toBeGreaterThan(0);
    // Dials nobody: no call row, no channel of this campaign on Asterisk before, during or after, no call workflow.
    expect(await callRows()).toBe(callsBefore);
    const channelsAfter = await channels(campaignId);
    expect([channelsBefore, ...seen, channelsAfter].map((c) => c.ours)).toEqual([channelsBefore, ...seen, channelsAfter].map(() => 0));
    const callWorkflows = await harness.temporal.workflow.count(`CampaignId = '${campaignId}'`);
    expect(callWorkflows.count).toBe(0);

    // Every call now shows today's analysis: the customer's words read as interested and positive.
    const listed = await driver.get(`/calls?campaign_id=${campaignId}&limit=500`).expect(200);
    const shown = (listed.body.calls as { emotion: string; intentScore: number; csatScore: number }[]).map((c) => [c.emotion, c.intentScore, c.csatScore]);
    expect(new Set(shown.map((s) => s.join()))).toEqual(new Set(['positive,0.9,5']));

    // A stale call keeps its first analysis as version 1; the re-analysis is version 2, and names what made it.
    const [stale] = (await db.query(
      `SELECT c.id FROM calls c JOIN call_events e ON e.call_id = c.id AND e.dedupe_key = 'turn-1'
        WHERE c.campaign_id = $1 AND e.event_data->>'intent' = 'unclear' LIMIT 1`,
      [campaignId],
    )) as [{ id: string }];
    const versions = (await driver.get(`/calls/${stale.id}/analyses`).expect(200)).body.analyses as Version[];
    expect(versions.map((v) => [v.version, v.emotion, v.intentScore, v.csatScore])).toEqual([
      [2, 'positive', 0.9, 5],
      [1, 'neutral', 0.3, 4],
    ]);
    expect(versions[0]!.producedBy).toMatchObject({ kind: 'reanalysis', reanalysisId: started.id, rulesVersion: expect.any(Number), llmModel: null, scriptId: null });
    expect(versions[1]!.producedBy).toEqual({ kind: 'call', backfilledBy: started.id });

    const minutes = (await harness.temporal.workflow.getHandle(reanalysisWorkflowId(started.id)).query(reanalysisStatusQuery)) as ReanalysisProgress;
    expect(minutes).toMatchObject({ status: 'completed', processed: 1_000, changed: 900 });
    console.log(
      [
        're-analysis of stored calls (rules, no model)',
        '| calls | changed | seconds | calls/s | Asterisk channels before / after (all helpers) |',
        '|---|---|---|---|---|',
        `| ${done.processed} | ${done.changed} | ${done.throughput.elapsedSeconds} | ${done.throughput.callsPerSecond} | ${channelsBefore.all} / ${channelsAfter.all} |`,
      ].join('\n'),
    );
  }, 360_000);

  it('a second run with the same rules adds a version to every call and changes none', async () => {
    const campaignId = await storedCalls(harness.db, { stale: 20, current: 0 });
    await workerRunning();
    const first = (await harness.driver.post('/calls/reanalyze', { campaign_id: campaignId }).expect(202)).body.reanalysis as RunView;
    await runReaches(first.id, 'completed');
    const second = (await harness.driver.post('/calls/reanalyze', { campaign_id: campaignId, outcome: 'interested' }).expect(202)).body.reanalysis as RunView;
    expect(await runReaches(second.id, 'completed')).toMatchObject({ total: 20, processed: 20, changed: 0, backfilled: 0 });
    const [{ versions }] = (await harness.db.query(
      `SELECT array_agg(DISTINCT n) AS versions FROM (SELECT count(*)::int AS n FROM call_analyses a JOIN calls c ON c.id = a.call_id WHERE c.campaign_id = $1 GROUP BY a.call_id) per_call`,
      [campaignId],
    )) as [{ versions: number[] }];
    expect(versions).toEqual([3]);
  }, 120_000);

  it('pauses before its first page when asked before the worker runs, resumes, and completes', async () => {
    const campaignId = await storedCalls(harness.db, { stale: 30, current: 0 });
    await workerStopped();
    const started = (await harness.driver.post('/calls/reanalyze', { campaignId }).expect(202)).body.reanalysis as RunView;
    await harness.driver.post(`/calls/reanalyze/${started.id}/pause`, {}).expect(200);
    await workerRunning();

    const paused = await runReaches(started.id, 'paused');
    expect(paused).toMatchObject({ total: 30, processed: 0 });
    const handle = harness.temporal.workflow.getHandle(reanalysisWorkflowId(started.id));
    expect(await handle.query(reanalysisStatusQuery)).toMatchObject({ status: 'paused', processed: 0 });
    const [{ versions }] = (await harness.db.query(
      `SELECT count(*)::int AS versions FROM call_analyses a JOIN calls c ON c.id = a.call_id WHERE c.campaign_id = $1`,
      [campaignId],
    )) as [{ versions: number }];
    expect(versions).toBe(0);

    await harness.driver.post(`/calls/reanalyze/${started.id}/resume`, {}).expect(200);
    expect(await runReaches(started.id, 'completed')).toMatchObject({ processed: 30, changed: 30 });
    await harness.driver.post(`/calls/reanalyze/${started.id}/pause`, {}).expect(409);
  }, 120_000);

  it('cancelled while paused, records the run as cancelled and writes nothing more', async () => {
    const campaignId = await storedCalls(harness.db, { stale: 10, current: 0 });
    await workerStopped();
    const started = (await harness.driver.post('/calls/reanalyze', { campaignId }).expect(202)).body.reanalysis as RunView;
    await harness.driver.post(`/calls/reanalyze/${started.id}/pause`, {}).expect(200);
    await workerRunning();
    await runReaches(started.id, 'paused');
    await harness.driver.post(`/calls/reanalyze/${started.id}/cancel`, {}).expect(200);
    const cancelled = await runReaches(started.id, 'cancelled');
    expect(cancelled).toMatchObject({ processed: 0, interrupted: false });
    expect(cancelled.finishedAt).not.toBeNull();
    expect(await eventually(async () => ((await run(started.id)).workflowStatus === 'cancelled' ? true : undefined), 'the workflow to be cancelled')).toBe(true);
  }, 120_000);

  it("answers 404 for another organization's run, call versions and campaign", async () => {
    const campaignId = await storedCalls(harness.db, { stale: 1, current: 0 });
    await workerRunning();
    const started = (await harness.driver.post('/calls/reanalyze', { campaignId }).expect(202)).body.reanalysis as RunView;
    const [{ id: callId }] = (await harness.db.query('SELECT id FROM calls WHERE campaign_id = $1', [campaignId])) as [{ id: string }];
    const other = await createTenant(harness.db);
    const token = await login(harness.app, other.email, other.password);
    const auth = { Authorization: `Bearer ${token}` };
    const http = () => request(harness.app.getHttpServer());
    for (const path of [`/calls/reanalyze/${started.id}`, `/calls/${callId}/analyses`]) await http().get(`/api/v1${path}`).set(auth).expect(404);
    for (const action of ['pause', 'resume', 'cancel']) await http().post(`/api/v1/calls/reanalyze/${started.id}/${action}`).set(auth).send({}).expect(404);
    await http().post('/api/v1/calls/reanalyze').set(auth).send({ campaignId }).expect(404);
    await runReaches(started.id, 'completed');
  }, 120_000);

  it('refuses an invalid filter with a 400 naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ status: 'ringing-ish' }, 'status'],
      [{ from: 'yesterday' }, 'from'],
      [{ campaign_id: 'not-a-uuid' }, 'campaign_id'],
      [{ campaignId: 42 }, 'campaignId'],
      [{ limit: 10 }, 'limit'],
      [{ from: '2025-02-01T00:00:00Z', to: '2025-01-01T00:00:00Z' }, 'to'],
    ];
    for (const [body, field] of cases) {
      const response = await harness.driver.post('/calls/reanalyze', body).expect(400);
      expect(response.body.message as string).toContain(field);
    }
  });
});
