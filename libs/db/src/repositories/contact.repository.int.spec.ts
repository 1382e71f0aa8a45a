import type { DataSource } from 'typeorm';
import { newCall, newCampaign, newContact } from '../../../../test/support/db-fixtures';
import { testDatabase } from '../../../../test/support/test-env';
import { ContactRepository } from './contact.repository';

describe(ContactRepository.name, () => {
  let db: DataSource;
  let sut: ContactRepository;

  beforeAll(async () => {
    db = await testDatabase();
    sut = new ContactRepository(db);
  });

  afterAll(() => db?.destroy());

  describe('deleteUnlessCalled', () => {
    it('deletes a contact that was never called', async () => {
      const contact = await newContact(db, await newCampaign(db), '+12025550110');
      expect(await sut.deleteUnlessCalled(contact.organizationId, contact.contactId)).toBe(true);
      expect(await sut.find(contact.organizationId, contact.contactId)).toBeNull();
    });

    it('keeps a contact with call records, the evidence of its calls', async () => {
      const contact = await newContact(db, await newCampaign(db), '+12025550111');
      await newCall(db, contact, { status: 'failed', outcome: 'busy' });
      expect(await sut.deleteUnlessCalled(contact.organizationId, contact.contactId)).toBe(false);
      expect(await sut.find(contact.organizationId, contact.contactId)).not.toBeNull();
    });

    it('keeps a contact being dialled', async () => {
      const contact = await newContact(db, await newCampaign(db), '+12025550112');
      await db.query(`UPDATE contacts SET status = 'dialing' WHERE id = $1`, [contact.contactId]);
      expect(await sut.deleteUnlessCalled(contact.organizationId, contact.contactId)).toBe(false);
      expect(await sut.find(contact.organizationId, contact.contactId)).toMatchObject({ status: 'dialing' });
    });

    it("does not delete another organization's contact", async () => {
      const contact = await newContact(db, await newCampaign(db), '+12025550113');
      const stranger = await newCampaign(db);
      expect(await sut.deleteUnlessCalled(stranger.organizationId, contact.contactId)).toBe(false);
      expect(await sut.find(contact.organizationId, contact.contactId)).not.toBeNull();
    });
  });

  it('searches names and emails with % and _ taken literally', async () => {
    const campaign = await newCampaign(db);
    await newContact(db, campaign, '+12025550114', { firstName: 'Ann', lastName: '100% Lee', email: 'ann_lee@example.org' });
    await newContact(db, campaign, '+12025550115', { firstName: 'Bo', lastName: '1000 Lee', email: 'annxlee@example.org' });
    const search = (text: string) => sut.list(campaign.organizationId, { campaignId: campaign.campaignId, text, limit: 10, offset: 0 });
    expect((await search('100%')).contacts.map((c) => c.firstName)).toEqual(['Ann']);
    expect((await search('ANN_')).contacts.map((c) => c.firstName)).toEqual(['Ann']);
    expect(await search('lee')).toMatchObject({ total: 2 });
  });
});
