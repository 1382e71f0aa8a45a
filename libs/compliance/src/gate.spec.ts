import { type GateFacts, decideCompliance, windowVerdict } from './gate';

describe(decideCompliance.name, () => {
  // A Wednesday, 15:00 in New York.
  const now = new Date('2026-01-07T20:00:00Z');
  const facts = (overrides: Partial<GateFacts> = {}): GateFacts => ({
    phone: '+12025550100',
    campaignStatus: 'active',
    dncEntry: null,
    dialedAttempts: 0,
    attemptBudget: 3,
    contactZones: { zones: ['America/New_York'], source: 'contact' },
    callingWindow: null,
    ...overrides,
  });

  it('allows a call inside the window of a running campaign, with the facts as evidence', () => {
    const decision = decideCompliance(facts(), now);
    expect(decision).toMatchObject({ allowed: true, reason: 'ok', retryAt: null, checkedAt: now.toISOString() });
    expect(decision.evidence).toMatchObject({ phone: '+12025550100', zones: ['America/New_York'], dialedAttempts: 0, budget: 3 });
  });

  it('holds a paused campaign and refuses a stopped or missing one, before anything else', () => {
    expect(decideCompliance(facts({ campaignStatus: 'paused', dncEntry: { reason: 'x' } }), now).reason).toBe('campaign_paused');
    expect(decideCompliance(facts({ campaignStatus: 'stopped' }), now).reason).toBe('campaign_stopped');
    expect(decideCompliance(facts({ campaignStatus: undefined }), now)).toMatchObject({ allowed: false, reason: 'campaign_stopped', evidence: { campaignStatus: 'missing' } });
  });

  it('refuses a number on the do-not-call list for good', () => {
    expect(decideCompliance(facts({ dncEntry: { reason: 'asked by letter' } }), now)).toMatchObject({
      allowed: false,
      reason: 'dnc',
      retryAt: null,
      evidence: { dncReason: 'asked by letter' },
    });
  });

  it('refuses once the attempt budget is spent', () => {
    expect(decideCompliance(facts({ dialedAttempts: 3 }), now)).toMatchObject({ allowed: false, reason: 'attempt_cap' });
    expect(decideCompliance(facts({ dialedAttempts: 2 }), now).allowed).toBe(true);
  });

  it('fails closed on an unknown time zone', () => {
    expect(decideCompliance(facts({ contactZones: { zones: [], source: 'unknown' } }), now)).toMatchObject({ allowed: false, reason: 'timezone_unknown' });
  });

  it('refuses outside the window in any zone of the contact, naming when it opens in all of them', () => {
    // 15:00 in New York but 12:00 in Los Angeles: a window from 14:00 is open in one zone only.
    const decision = decideCompliance(
      facts({ contactZones: { zones: ['America/New_York', 'America/Los_Angeles'], source: 'derived' }, callingWindow: { start: '14:00', end: '20:00', days: [0, 1, 2, 3, 4, 5, 6] } }),
      now,
    );
    expect(decision).toMatchObject({ allowed: false, reason: 'outside_window', retryAt: '2026-01-07T22:00:00.000Z' });
  });

  it('says never when the zones share no callable time', () => {
    const decision = decideCompliance(
      facts({ contactZones: { zones: ['America/New_York', 'Asia/Tokyo'], source: 'derived' }, callingWindow: { start: '09:00', end: '10:00', days: [3] } }),
      now,
    );
    expect(decision).toMatchObject({ allowed: false, reason: 'no_calling_window', retryAt: null });
  });
});

describe(windowVerdict.name, () => {
  it('narrows any campaign window to the legal 08:00-21:00', () => {
    // 22:30 in New York: a campaign window to midnight is still closed.
    const verdict = windowVerdict(new Date('2026-01-08T03:30:00Z'), ['America/New_York'], { start: '08:00', end: '23:59', days: [0, 1, 2, 3, 4, 5, 6] });
    expect(verdict).toMatchObject({ callable: false, window: { start: '08:00', end: '21:00' } });
    expect(verdict.opensAt?.toISOString()).toBe('2026-01-08T13:00:00.000Z');
  });
});
