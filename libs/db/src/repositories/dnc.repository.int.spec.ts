import type { DataSource } from 'typeorm';
import { createTenant, testDatabase } from '../../../../test/support/test-env';
import { DncRepository } from './dnc.repository';

describe(DncRepository.name, () => {
  let db: DataSource;
  let sut: DncRepository;

  beforeAll(async () => {
    db = await testDatabase();
    sut = new DncRepository(db);
  });

  afterAll(() => db?.destroy());

  const newOrganization = async () => (await createTenant(db)).organizationId;

  it('finds no entry for a number that is not listed', async () => {
    expect(await sut.findEntry(await newOrganization(), '+12025550100')).toBeNull();
  });

  it('lists a number opted out during a call, with its reason and source', async () => {
    const organizationId = await newOrganization();
    await sut.addFromCall(organizationId, '+12025550101');
    expect(await sut.findEntry(organizationId, '+12025550101')).toEqual({ reason: 'Opted out during a call' });
    expect(await sut.findByPhone(organizationId, '+12025550101')).toMatchObject({ source: 'call', phone: '+12025550101' });
  });

  it('keeps the first entry when a listed number opts out again', async () => {
    const organizationId = await newOrganization();
    await sut.addMany(organizationId, [{ phone: '+12025550102', reason: 'asked by email' }], 'manual');
    await sut.addFromCall(organizationId, '+12025550102');
    await sut.addFromCall(organizationId, '+12025550102');
    expect(await sut.findEntry(organizationId, '+12025550102')).toEqual({ reason: 'asked by email' });
    expect(await sut.list(organizationId, 10, 0)).toHaveLength(1);
  });

  it("answers only for the organization's own list", async () => {
    const listing = await newOrganization();
    const other = await newOrganization();
    await sut.addFromCall(listing, '+12025550103');
    expect(await sut.findEntry(other, '+12025550103')).toBeNull();
    expect(await sut.countListed(other, ['+12025550103'])).toBe(0);
    expect(await sut.countListed(listing, ['+12025550103', '+12025550104'])).toBe(1);
  });

  it('counts only the numbers a batch newly listed', async () => {
    const organizationId = await newOrganization();
    await sut.addFromCall(organizationId, '+12025550105');
    const added = await sut.addMany(organizationId, [{ phone: '+12025550105', reason: '' }, { phone: '+12025550106', reason: 'from a file' }], 'upload');
    expect(added).toBe(1);
  });
});
