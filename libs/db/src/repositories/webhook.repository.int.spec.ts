import type { DataSource } from 'typeorm';
import { newCall, newCampaign, newContact } from '../../../../test/support/db-fixtures';
import { testDatabase } from '../../../../test/support/test-env';
import { CampaignRepository } from './campaign.repository';
import { WebhookOutbox } from './webhook-outbox';
import { WebhookRepository } from './webhook.repository';

describe(WebhookRepository.name, () => {
  let db: DataSource;
  let sut: WebhookRepository;
  const organizations: string[] = [];

  beforeAll(async () => {
    db = await testDatabase();
    sut = new WebhookRepository(db);
  });
  // Nothing of these tests is left for a worker's sweep to deliver.
  afterAll(async () => {
    await db?.query('UPDATE webhook_events SET dispatched_at = now() WHERE organization_id = ANY($1) AND dispatched_at IS NULL', [organizations]);
    await db?.destroy();
  });

  const campaignWithEndpoint = async (endpoint: { eventTypes?: ('call.finished' | 'campaign.paused')[]; enabled?: boolean } = {}) => {
    const campaign = await newCampaign(db);
    organizations.push(campaign.organizationId);
    const created = await sut.createEndpoint(
      campaign.organizationId,
      { url: 'https://receiver.test/hook', description: '', eventTypes: endpoint.eventTypes ?? [], enabled: endpoint.enabled ?? true },
      'whsec_test',
    );
    return { ...campaign, endpointId: created.id };
  };

  const endedCall = async (campaign: { organizationId: string; campaignId: string }, phone: string) => {
    const callId = await newCall(db, await newContact(db, campaign, phone), { status: 'failed', outcome: 'busy' });
    await db.query(`UPDATE calls SET ended_at = now(), dial_status = 'BUSY', compliance = '{"allowed": true, "reason": "ok"}' WHERE id = $1`, [callId]);
    return callId;
  };

  it('writes call.finished once per call, with the call as it ended, and nothing for an organization without endpoints', async () => {
    const campaign = await campaignWithEndpoint();
    const callId = await endedCall(campaign, '+12025550110');
    const outbox = new WebhookOutbox(db);
    const eventId = await outbox.callFinished(callId, 'failed');
    expect(eventId).toEqual(expect.any(String));
    expect(await outbox.callFinished(callId, 'failed')).toBe(eventId);

    const [event] = (await db.query('SELECT event_type, data FROM webhook_events WHERE subject = $1', [callId])) as { event_type: string; data: Record<string, unknown> }[];
    expect(event).toMatchObject({
      event_type: 'call.finished',
      data: {
        callId,
        campaignId: campaign.campaignId,
        phone: '+12025550110',
        status: 'failed',
        outcome: 'busy',
        contactStatus: 'failed',
        dialStatus: 'BUSY',
        compliance: { allowed: true, reason: 'ok' },
        analysis: null,
      },
    });

    const withoutEndpoint = await newCampaign(db);
    organizations.push(withoutEndpoint.organizationId);
    expect(await outbox.callFinished(await endedCall(withoutEndpoint, '+12025550111'), 'failed')).toBeNull();
  });

  it('writes an event for pause, resume and completion in the state change transaction, once however often the change is recorded', async () => {
    const campaign = await campaignWithEndpoint();
    const campaigns = new CampaignRepository(db);
    const record = (status: 'active' | 'paused' | 'completed', at: string, reason: string | null = null) =>
      campaigns.recordState({ campaignId: campaign.campaignId, status, reason, at });

    expect(await record('active', '2026-01-01T10:00:00.000Z')).toEqual({ applied: true, eventId: null });
    const paused = await record('paused', '2026-01-01T10:00:01.000Z', 'operator');
    expect(paused.eventId).toEqual(expect.any(String));
    expect(await record('paused', '2026-01-01T10:00:01.000Z', 'operator')).toEqual(paused);
    const resumed = await record('active', '2026-01-01T10:00:02.000Z');
    const completed = await record('completed', '2026-01-01T10:00:03.000Z');

    const events = (await db.query('SELECT id, event_type, data FROM webhook_events WHERE organization_id = $1 ORDER BY occurred_at', [campaign.organizationId])) as {
      id: string;
      event_type: string;
      data: Record<string, unknown>;
    }[];
    expect(events.map((e) => e.event_type)).toEqual(['campaign.paused', 'campaign.resumed', 'campaign.completed']);
    expect(events.map((e) => e.id)).toEqual([paused.eventId, resumed.eventId, completed.eventId]);
    expect(events[0]!.data).toMatchObject({ campaignId: campaign.campaignId, status: 'paused', previousStatus: 'active', reason: 'operator' });
  });

  it('targets the enabled endpoints that take the event type and existed when it happened, until it is dispatched', async () => {
    const campaign = await campaignWithEndpoint();
    const callsOnly = await sut.createEndpoint(campaign.organizationId, { url: 'https://a.test', description: '', eventTypes: ['call.finished'], enabled: true }, 's');
    await sut.createEndpoint(campaign.organizationId, { url: 'https://b.test', description: '', eventTypes: ['campaign.paused'], enabled: true }, 's');
    await sut.createEndpoint(campaign.organizationId, { url: 'https://c.test', description: '', eventTypes: [], enabled: false }, 's');
    const eventId = (await new WebhookOutbox(db).callFinished(await endedCall(campaign, '+12025550112'), 'failed'))!;
    await sut.createEndpoint(campaign.organizationId, { url: 'https://later.test', description: '', eventTypes: [], enabled: true }, 's');

    const targets = await sut.pendingTargets([eventId]);
    expect(targets.map((t) => t.endpointId).sort()).toEqual([campaign.endpointId, callsOnly.id].sort());

    await db.query(`UPDATE webhook_events SET created_at = now() - interval '1 minute' WHERE id = $1`, [eventId]);
    expect(await sut.undispatched(30_000, 10, campaign.organizationId)).toEqual([eventId]);
    await sut.markDispatched([eventId]);
    expect(await sut.pendingTargets([eventId])).toEqual([]);
    expect(await sut.undispatched(30_000, 10, campaign.organizationId)).toEqual([]);
  });

  it('logs each attempt once, lists them newest first by pages, and hides other organizations', async () => {
    const campaign = await campaignWithEndpoint();
    const eventId = (await new WebhookOutbox(db).callFinished(await endedCall(campaign, '+12025550113'), 'failed'))!;
    const attempt = (n: number, result: 'retrying' | 'delivered', statusCode: number | null) =>
      sut.logAttempt({
        organizationId: campaign.organizationId,
        endpointId: campaign.endpointId,
        eventId,
        workflowId: `webhook/${campaign.endpointId}/${eventId}`,
        attempt: n,
        result,
        statusCode,
        error: statusCode === null ? 'ECONNREFUSED' : null,
        durationMs: 3,
      });
    await attempt(1, 'retrying', null);
    await attempt(2, 'retrying', 500);
    await attempt(2, 'retrying', 500);
    await attempt(3, 'delivered', 204);

    const first = await sut.deliveries(campaign.organizationId, campaign.endpointId, 2);
    expect(first.map((d) => [d.attempt, d.result, d.statusCode])).toEqual([
      [3, 'delivered', 204],
      [2, 'retrying', 500],
    ]);
    const next = await sut.deliveries(campaign.organizationId, campaign.endpointId, 2, first[1]!.id);
    expect(next.map((d) => [d.attempt, d.error, d.eventType])).toEqual([[1, 'ECONNREFUSED', 'call.finished']]);

    const stranger = await newCampaign(db);
    organizations.push(stranger.organizationId);
    expect(await sut.findEndpoint(stranger.organizationId, campaign.endpointId)).toBeNull();
    expect(await sut.deliveries(stranger.organizationId, campaign.endpointId, 10)).toEqual([]);
    expect(await sut.findDelivery(stranger.organizationId, first[0]!.id)).toBeNull();
    expect(await sut.updateEndpoint(stranger.organizationId, campaign.endpointId, { enabled: false })).toBeNull();
    expect(await sut.deleteEndpoint(stranger.organizationId, campaign.endpointId)).toBe(false);
    expect(await sut.findEndpoint(campaign.organizationId, campaign.endpointId)).toMatchObject({ enabled: true });
  });
});
