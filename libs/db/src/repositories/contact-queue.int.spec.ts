import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { newCall, newCampaign, newContact } from '../../../../test/support/db-fixtures';
import { testDatabase } from '../../../../test/support/test-env';
import { ContactQueue } from './contact-queue';

describe(ContactQueue.name, () => {
  let db: DataSource;
  let sut: ContactQueue;
  const now = async () => null;
  // Claim tokens of their own: a token another run of this test left on a row would be answered from it.
  const tokens = { a: randomUUID(), b: randomUUID(), c: randomUUID(), d: randomUUID(), e: randomUUID(), f: randomUUID() };

  beforeAll(async () => {
    db = await testDatabase();
    sut = new ContactQueue(db);
  });
  afterAll(() => db?.destroy());

  const contactRow = async (contactId: string) =>
    ((await db.query('SELECT status, attempts, next_attempt_at, claim_token FROM contacts WHERE id = $1', [contactId])) as {
      status: string;
      attempts: number;
      next_attempt_at: Date | null;
      claim_token: string | null;
    }[])[0]!;

  it('claims due contacts once: a retried claim with the same token returns the same ones and takes no more', async () => {
    const campaign = await newCampaign(db);
    for (const phone of ['+12025550100', '+12025550101', '+12025550102']) await newContact(db, campaign, phone);
    const first = await sut.claim(campaign.campaignId, tokens.a, 2, now);
    expect(first).toHaveLength(2);
    expect(first.every((c) => c.attempt === 1)).toBe(true);
    expect(await sut.claim(campaign.campaignId, tokens.a, 2, now)).toEqual(first);
    const second = await sut.claim(campaign.campaignId, tokens.b, 5, now);
    expect(second.map((c) => c.contactId)).not.toContain(first[0]!.contactId);
    expect(second).toHaveLength(1);
    expect(await sut.progress(campaign.campaignId)).toEqual({ totalContacts: 3, pendingContacts: 3, nextDueAt: null });
  });

  it('claims never-tried contacts first, then the longest due, and leaves those not due yet', async () => {
    const campaign = await newCampaign(db);
    const retry = async (phone: string, dueInMs: number) => {
      const { contactId } = await newContact(db, campaign, phone);
      await db.query(`UPDATE contacts SET status = 'retry', attempts = 1, next_attempt_at = $2 WHERE id = $1`, [contactId, new Date(Date.now() + dueInMs)]);
      return contactId;
    };
    const dueAnHourAgo = await retry('+12025550150', -3_600_000);
    const dueTwoHoursAgo = await retry('+12025550151', -7_200_000);
    await retry('+12025550152', 3_600_000);
    const fresh = await newContact(db, campaign, '+12025550153');
    const claimOne = async () => (await sut.claim(campaign.campaignId, randomUUID(), 1, now)).map((c) => c.contactId);
    expect(await claimOne()).toEqual([fresh.contactId]);
    expect(await claimOne()).toEqual([dueTwoHoursAgo]);
    expect(await claimOne()).toEqual([dueAnHourAgo]);
    expect(await claimOne()).toEqual([]);
  });

  it('moves a contact whose window is closed to the time it opens instead of claiming it', async () => {
    const campaign = await newCampaign(db);
    const { contactId } = await newContact(db, campaign, '+12025550110');
    const opens = new Date(Date.now() + 3_600_000);
    expect(await sut.claim(campaign.campaignId, tokens.c, 5, async () => opens)).toEqual([]);
    expect(await contactRow(contactId)).toMatchObject({ status: 'new', attempts: 0, next_attempt_at: opens });
    expect((await sut.progress(campaign.campaignId)).nextDueAt).toBe(opens.toISOString());
  });

  it('gives back claimed contacts not dialed, with their attempt', async () => {
    const campaign = await newCampaign(db);
    const { contactId } = await newContact(db, campaign, '+12025550120');
    await sut.claim(campaign.campaignId, tokens.d, 1, now);
    await sut.release(tokens.d, [contactId]);
    expect(await contactRow(contactId)).toMatchObject({ status: 'new', attempts: 0, claim_token: null });
  });

  it('takes back what a terminated run claimed but never reserved, and leaves reserved attempts alone', async () => {
    const campaign = await newCampaign(db);
    const orphan = await newContact(db, campaign, '+12025550130');
    const reserved = await newContact(db, campaign, '+12025550131');
    await sut.claim(campaign.campaignId, tokens.e, 2, now);
    await newCall(db, reserved, { attempt: 1, status: 'ringing' });
    expect(await sut.recoverOrphans(campaign.campaignId)).toBe(1);
    expect(await contactRow(orphan.contactId)).toMatchObject({ status: 'new', attempts: 0 });
    expect(await contactRow(reserved.contactId)).toMatchObject({ status: 'dialing', attempts: 1 });
  });

  it('settles only the attempt that ended: a stale write for an older attempt changes nothing', async () => {
    const campaign = await newCampaign(db);
    const { contactId } = await newContact(db, campaign, '+12025550140');
    await sut.claim(campaign.campaignId, tokens.f, 1, now);
    await db.transaction((em) => sut.settle(em, { contactId, attempt: 0 }, { status: 'failed', nextAttemptAt: null }, null));
    expect((await contactRow(contactId)).status).toBe('dialing');
    await db.transaction((em) => sut.settle(em, { contactId, attempt: 1 }, { status: 'contacted', nextAttemptAt: null }, new Date()));
    expect(await contactRow(contactId)).toMatchObject({ status: 'contacted', claim_token: null });
  });
});
