import type { DataSource } from 'typeorm';
import { newCall, newCampaign, newContact } from '../../../../test/support/db-fixtures';
import { testDatabase } from '../../../../test/support/test-env';
import { CallAttempts } from './call-attempts.repository';
import { OrganizationDialLimits } from './organization-dial-limits';

describe(OrganizationDialLimits.name, () => {
  let db: DataSource;
  let sut: OrganizationDialLimits;

  beforeAll(async () => {
    db = await testDatabase();
    sut = new OrganizationDialLimits(db);
  });
  afterAll(() => db?.destroy());

  /** A campaign in a new organization with the given limits, and `count` calls reserved but not dialed. */
  async function organizationWithCalls(limits: { callsPerSecond: number | null; maxConcurrentCalls: number | null }, count: number) {
    const campaign = await newCampaign(db);
    await sut.set(campaign.organizationId, limits);
    const callIds: string[] = [];
    for (let i = 0; i < count; i++) {
      callIds.push(await newCall(db, await newContact(db, campaign, `+1202555016${i}`), { status: 'initiated' }));
    }
    return { ...campaign, callIds };
  }

  const admitted = (turn: Awaited<ReturnType<OrganizationDialLimits['admitDial']>>) => ('admittedAt' in turn ? turn.admittedAt : undefined);

  it('without limits admits every call with one read and marks nothing', async () => {
    const { callIds } = await organizationWithCalls({ callsPerSecond: null, maxConcurrentCalls: null }, 3);
    for (const callId of callIds) expect(await sut.admitDial(callId, 0)).toEqual({ admittedAt: null, limited: false });
    const [{ n }] = (await db.query('SELECT count(*)::int AS n FROM calls WHERE id = ANY($1) AND admitted_at IS NOT NULL', [callIds])) as [{ n: number }];
    expect(n).toBe(0);
  });

  it('admits no more calls than maxConcurrentCalls at once, however many ask together, and again once one ends', async () => {
    const { callIds } = await organizationWithCalls({ callsPerSecond: null, maxConcurrentCalls: 2 }, 6);
    const turns = await Promise.all(callIds.map((callId) => sut.admitDial(callId, 0)));
    const admittedIds = callIds.filter((_, i) => admitted(turns[i]!));
    expect(admittedIds).toHaveLength(2);
    expect(turns.filter((t) => 'refused' in t && t.refused === 'full')).toHaveLength(4);

    const waiting = callIds.find((id) => !admittedIds.includes(id))!;
    expect(await sut.admitDial(waiting, 0)).toEqual({ refused: 'full' });
    await db.query('UPDATE calls SET ended_at = now() WHERE id = $1', [admittedIds[0]]);
    expect(admitted(await sut.admitDial(waiting, 0))).toBeInstanceOf(Date);
  });

  it('admits a call once: a re-run of its step finds it admitted and takes no second slot', async () => {
    const { callIds } = await organizationWithCalls({ callsPerSecond: 0.01, maxConcurrentCalls: 1 }, 2);
    const first = admitted(await sut.admitDial(callIds[0]!, 0));
    expect(first).toBeInstanceOf(Date);
    expect(await sut.admitDial(callIds[0]!, 0)).toEqual({ admittedAt: first, limited: true });
    expect(await sut.admitDial(callIds[1]!, 0)).toEqual({ refused: 'full' });
  });

  it('spaces admissions 1 / callsPerSecond apart and says when the slot frees', async () => {
    const { callIds } = await organizationWithCalls({ callsPerSecond: 4, maxConcurrentCalls: null }, 3);
    const turns = await Promise.all(callIds.map((callId) => sut.admitDial(callId, 0)));
    const first = turns.map(admitted).find(Boolean)!;
    const refused = turns.filter((t) => 'refused' in t);
    expect(refused).toHaveLength(2);
    for (const turn of refused) expect(turn).toEqual({ refused: 'rate', nextAt: new Date(first.getTime() + 250) });
  });

  it('takes a paced campaign’s slot with the organization’s, at the same instant, so the dial time keeps both spacings', async () => {
    const { campaignId, callIds } = await organizationWithCalls({ callsPerSecond: 1000, maxConcurrentCalls: null }, 2);
    const turns = await Promise.all(callIds.map((callId) => sut.admitDial(callId, 60_000)));
    const first = turns.map(admitted).find(Boolean)!;
    expect(turns.filter((t) => 'refused' in t)).toEqual([{ refused: 'rate', nextAt: new Date(first.getTime() + 60_000) }]);
    const [campaign] = (await db.query('SELECT dial_slot_at FROM campaigns WHERE id = $1', [campaignId])) as [{ dial_slot_at: Date }];
    expect(campaign.dial_slot_at).toEqual(first);
  });

  it('gives back the admission of a call that was not dialed, never of one that was', async () => {
    const { callIds } = await organizationWithCalls({ callsPerSecond: null, maxConcurrentCalls: 1 }, 3);
    const [refusedAtGate, dialed, next] = callIds as [string, string, string];
    expect(admitted(await sut.admitDial(refusedAtGate, 0))).toBeInstanceOf(Date);
    await sut.releaseDial(refusedAtGate);
    const admittedAt = admitted(await sut.admitDial(dialed, 0))!;
    expect(await new CallAttempts(db).requestDial(dialed, admittedAt, {})).toBe(true);
    await sut.releaseDial(dialed);
    expect(await sut.admitDial(next, 0)).toEqual({ refused: 'full' });
  });

  it('counts a call dialed before any limit was set, and not one left unended past any call’s length', async () => {
    const { organizationId, callIds } = await organizationWithCalls({ callsPerSecond: null, maxConcurrentCalls: null }, 3);
    const [dialedEarlier, abandoned, next] = callIds as [string, string, string];
    expect(await new CallAttempts(db).requestDial(dialedEarlier, new Date(), {})).toBe(true);
    await db.query(`UPDATE calls SET admitted_at = now() - interval '1 day', dialed_at = now() - interval '1 day' WHERE id = $1`, [abandoned]);
    await sut.set(organizationId, { callsPerSecond: null, maxConcurrentCalls: 1 });
    expect(await sut.admitDial(next, 0)).toEqual({ refused: 'full' });
    await sut.set(organizationId, { callsPerSecond: null, maxConcurrentCalls: 2 });
    expect(admitted(await sut.admitDial(next, 0))).toBeInstanceOf(Date);
  });

  it('reads and writes the limits of one organization only', async () => {
    const mine = await newCampaign(db);
    const other = await newCampaign(db);
    expect(await sut.set(mine.organizationId, { callsPerSecond: 2.5, maxConcurrentCalls: 7 })).toEqual({ callsPerSecond: 2.5, maxConcurrentCalls: 7 });
    expect(await sut.find(mine.organizationId)).toEqual({ callsPerSecond: 2.5, maxConcurrentCalls: 7 });
    expect(await sut.find(other.organizationId)).toEqual({ callsPerSecond: null, maxConcurrentCalls: null });
  });
});
