import { nextContactState } from './contact-outcome';

describe(nextContactState.name, () => {
  const settings = { retryAttempts: 2, retryDelayMinutes: 30 };
  const now = new Date('2026-01-05T15:00:00Z');

  it('schedules a retry after the configured delay while the budget lasts', () => {
    expect(nextContactState('busy', 1, settings, now)).toEqual({
      status: 'retry',
      nextAttemptAt: new Date('2026-01-05T15:30:00Z'),
    });
    expect(nextContactState('no_answer', 2, settings, now).status).toBe('retry');
  });

  it('gives up after the first attempt plus retryAttempts, whatever the mix of outcomes', () => {
    expect(nextContactState('congestion', 3, settings, now)).toEqual({ status: 'failed', nextAttemptAt: null });
    expect(nextContactState('busy', 1, { ...settings, retryAttempts: 0 }, now).status).toBe('failed');
  });

  it('ends answered calls, and an opt-out puts the contact on do-not-call', () => {
    expect(nextContactState('no_decision', 1, settings, now).status).toBe('contacted');
    expect(nextContactState('hung_up', 1, settings, now).status).toBe('contacted');
    expect(nextContactState('opted_out', 1, settings, now).status).toBe('dnc');
  });

  it('never retries a dial the compliance gate refused', () => {
    expect(nextContactState('blocked', 1, settings, now).status).toBe('failed');
  });
});
