import type { DataSource } from 'typeorm';
import { newCall, newCampaign, newContact } from '../../../../test/support/db-fixtures';
import { testDatabase } from '../../../../test/support/test-env';
import { type CallFilters, CallRepository } from './call.repository';

describe(CallRepository.name, () => {
  let db: DataSource;
  let sut: CallRepository;

  beforeAll(async () => {
    db = await testDatabase();
    sut = new CallRepository(db);
  });

  afterAll(() => db?.destroy());

  const page = (filters: Partial<CallFilters>): CallFilters => ({ limit: 50, offset: 0, ...filters });

  it('filters by campaign, contact, outcome, emotion, status and creation time', async () => {
    const campaign = await newCampaign(db);
    const otherCampaign = await newCampaign(db, campaign.organizationId);
    const ann = await newContact(db, campaign, '+12025550120');
    const bo = await newContact(db, campaign, '+12025550121');
    const elsewhere = await newContact(db, otherCampaign, '+12025550120');
    const early = await newCall(db, ann, { outcome: 'interested', emotion: 'happy', createdAt: '2026-01-05T10:00:00Z' });
    const busy = await newCall(db, bo, { status: 'failed', outcome: 'busy', createdAt: '2026-01-06T10:00:00Z' });
    const late = await newCall(db, ann, { attempt: 2, outcome: 'callback', emotion: 'neutral', createdAt: '2026-01-07T10:00:00Z' });
    const other = await newCall(db, elsewhere, { outcome: 'interested', createdAt: '2026-01-06T12:00:00Z' });
    const ids = async (filters: Partial<CallFilters>) => (await sut.list(campaign.organizationId, page(filters))).calls.map((call) => call.id);

    expect(await ids({})).toEqual([late, other, busy, early]);
    expect(await ids({ campaignId: campaign.campaignId })).toEqual([late, busy, early]);
    expect(await ids({ contactId: ann.contactId })).toEqual([late, early]);
    expect(await ids({ outcome: 'interested' })).toEqual([other, early]);
    expect(await ids({ emotion: 'happy' })).toEqual([early]);
    expect(await ids({ status: 'failed' })).toEqual([busy]);
    expect(await ids({ from: new Date('2026-01-06T10:00:00Z'), to: new Date('2026-01-07T10:00:00Z') })).toEqual([other, busy]);
    expect(await ids({ campaignId: campaign.campaignId, outcome: 'interested' })).toEqual([early]);
  });

  it('pages newest first with a cursor that neither skips nor repeats calls of the same millisecond', async () => {
    const campaign = await newCampaign(db);
    const contact = await newContact(db, campaign, '+12025550122');
    const times = ['2026-02-01T09:00:00.000001Z', '2026-02-01T09:00:00.000002Z', '2026-02-01T09:00:00.000002Z', '2026-02-01T09:00:00.000003Z', '2026-02-01T09:00:01Z'];
    const created = await Promise.all(times.map((createdAt, index) => newCall(db, contact, { attempt: index + 1, createdAt })));
    const newestFirst = created
      .map((id, index) => ({ id, at: times[index] ?? '' }))
      .sort((a, b) => (a.at === b.at ? b.id.localeCompare(a.id) : b.at.localeCompare(a.at)))
      .map((call) => call.id);

    const seen: string[] = [];
    let after: CallFilters['after'];
    for (;;) {
      const result = await sut.list(campaign.organizationId, page({ campaignId: campaign.campaignId, limit: 2, after }));
      seen.push(...result.calls.map((call) => call.id));
      if (!result.next) break;
      after = result.next;
    }
    expect(seen).toEqual(newestFirst);

    const paged: string[] = [];
    for await (const calls of sut.pages(campaign.organizationId, page({ campaignId: campaign.campaignId }), 3)) paged.push(...calls.map((call) => call.id));
    expect(paged).toEqual(newestFirst);
  });

  it("never answers with another organization's calls", async () => {
    const mine = await newContact(db, await newCampaign(db), '+12025550123');
    const theirs = await newContact(db, await newCampaign(db), '+12025550123');
    const theirCall = await newCall(db, theirs);
    expect(await sut.find(mine.organizationId, theirCall)).toBeNull();
    expect((await sut.list(mine.organizationId, page({ campaignId: theirs.campaignId }))).calls).toEqual([]);
    expect(await sut.find(theirs.organizationId, theirCall)).toMatchObject({ id: theirCall, phone: '+12025550123', contactId: theirs.contactId });
  });

  it('leaves gate refusals out of the metrics', async () => {
    const contact = await newContact(db, await newCampaign(db), '+12025550124');
    await newCall(db, contact, { outcome: 'interested', emotion: 'happy', duration: 40 });
    await newCall(db, contact, { attempt: 2, status: 'failed', outcome: 'no_answer' });
    await newCall(db, contact, { attempt: 3, status: 'not_dialed' });
    expect(await sut.metrics({ organizationId: contact.organizationId, campaignId: contact.campaignId })).toMatchObject({
      totalCalls: 2,
      answeredCalls: 1,
      positiveOutcomes: 1,
      successRate: 1,
      averageDuration: 40,
      outcomeDistribution: { interested: 1, no_answer: 1 },
      emotionDistribution: { happy: 1, none: 1 },
    });
  });
});
