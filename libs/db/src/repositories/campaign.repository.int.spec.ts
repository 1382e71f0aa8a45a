import type { DataSource } from 'typeorm';
import { newCall, newCampaign, newContact } from '../../../../test/support/db-fixtures';
import { testDatabase } from '../../../../test/support/test-env';
import { CampaignRepository } from './campaign.repository';

describe(CampaignRepository.name, () => {
  let db: DataSource;
  let sut: CampaignRepository;

  beforeAll(async () => {
    db = await testDatabase();
    sut = new CampaignRepository(db);
  });
  afterAll(() => db?.destroy());

  it('records the workflow state in order of its clock: an older, retried write never wins', async () => {
    const { campaignId } = await newCampaign(db);
    expect(await sut.recordState({ campaignId, status: 'paused', reason: 'circuit breaker', at: '2026-01-01T10:00:02Z' })).toMatchObject({ applied: true });
    expect(await sut.recordState({ campaignId, status: 'active', reason: null, at: '2026-01-01T10:00:01Z' })).toMatchObject({ applied: false });
    expect(await sut.find(campaignId)).toMatchObject({ status: 'paused', pauseReason: 'circuit breaker' });
    expect(await sut.recordState({ campaignId, status: 'active', reason: null, at: '2026-01-01T10:00:02Z' })).toMatchObject({ applied: true });
    expect(await sut.find(campaignId)).toMatchObject({ status: 'active', pauseReason: null });
  });

  it('keeps an archived campaign archived', async () => {
    const campaign = await newCampaign(db);
    await newCall(db, await newContact(db, campaign, '+12025550150'));
    expect(await sut.archiveOrDelete(campaign.organizationId, campaign.campaignId)).toBe('archived');
    expect(await sut.recordState({ campaignId: campaign.campaignId, status: 'active', reason: null, at: new Date().toISOString() })).toMatchObject({ applied: false });
    expect((await sut.find(campaign.campaignId))?.status).toBe('archived');
  });

  it('deletes a campaign without calls, and answers another organization as if it did not exist', async () => {
    const campaign = await newCampaign(db);
    const stranger = await newCampaign(db);
    expect(await sut.findInOrganization(stranger.organizationId, campaign.campaignId)).toBeUndefined();
    expect(await sut.archiveOrDelete(campaign.organizationId, campaign.campaignId)).toBe('deleted');
    expect(await sut.find(campaign.campaignId)).toBeUndefined();
  });

  it('merges call settings field by field', async () => {
    const campaign = await newCampaign(db);
    await sut.update(campaign.organizationId, campaign.campaignId, { callSettings: { maxConcurrentCalls: 2, callIntervalMs: 100 } });
    expect(await sut.mergeCallSettings(campaign.campaignId, { callIntervalMs: 0 })).toEqual({ maxConcurrentCalls: 2, callIntervalMs: 0 });
  });

  it('admits a paced dial only callIntervalMs after the one before, even when many ask at once', async () => {
    // Several rounds: callers that waited on the row lock must read the slot taken while they waited.
    for (let round = 0; round < 5; round++) {
      const { campaignId } = await newCampaign(db);
      const turns = await Promise.all(Array.from({ length: 8 }, () => sut.admitDial(campaignId, 60_000)));
      const admitted = turns.filter((t) => 'admittedAt' in t);
      expect(admitted).toHaveLength(1);
      const first = (admitted[0] as { admittedAt: Date }).admittedAt.getTime();
      for (const t of turns) if ('nextAt' in t) expect(t.nextAt?.getTime()).toBe(first + 60_000);
    }

    const { campaignId: fast } = await newCampaign(db);
    const times: number[] = [];
    while (times.length < 5) {
      const turn = await sut.admitDial(fast, 20);
      if ('admittedAt' in turn) times.push(turn.admittedAt.getTime());
      else await new Promise((resolve) => setTimeout(resolve, Math.max(1, turn.nextAt.getTime() - Date.now())));
    }
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(20);
  });
});
