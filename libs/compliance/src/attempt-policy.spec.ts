import { nextContactState } from './attempt-policy';

describe(nextContactState.name, () => {
  const settings = { retryAttempts: 2, retryDelayMinutes: 30 };
  const now = new Date('2026-01-05T15:00:00Z');
  const first = { dialed: 1, callbacks: 0 };

  it('schedules a retry after the configured delay while the budget lasts', () => {
    expect(nextContactState('busy', first, settings, now)).toEqual({
      status: 'retry',
      nextAttemptAt: new Date('2026-01-05T15:30:00Z'),
    });
    expect(nextContactState('no_answer', { dialed: 2, callbacks: 0 }, settings, now).status).toBe('retry');
  });

  it('gives up after the first attempt plus retryAttempts, whatever the mix of outcomes', () => {
    expect(nextContactState('congestion', { dialed: 3, callbacks: 0 }, settings, now)).toEqual({ status: 'failed', nextAttemptAt: null });
    expect(nextContactState('busy', first, { ...settings, retryAttempts: 0 }, now).status).toBe('failed');
  });

  it('uses each outcome rule: its own delay, or no retry at all', () => {
    const policy = { ...settings, retryPolicy: { busy: { retry: true, delayMinutes: 5 }, no_answer: { retry: false } } };
    expect(nextContactState('busy', first, policy, now).nextAttemptAt).toEqual(new Date('2026-01-05T15:05:00Z'));
    expect(nextContactState('no_answer', first, policy, now)).toEqual({ status: 'failed', nextAttemptAt: null });
    expect(nextContactState('failed', first, policy, now).nextAttemptAt).toEqual(new Date('2026-01-05T15:30:00Z'));
  });

  it('leaves a voicemail alone unless the campaign retries voicemail', () => {
    expect(nextContactState('voicemail', first, settings, now)).toEqual({ status: 'contacted', nextAttemptAt: null });
    const retryVoicemail = { ...settings, retryPolicy: { voicemail: { retry: true, delayMinutes: 120 } } };
    expect(nextContactState('voicemail', first, retryVoicemail, now).nextAttemptAt).toEqual(new Date('2026-01-05T17:00:00Z'));
  });

  it('retries answered calls without a decision only when the campaign asks for it', () => {
    expect(nextContactState('no_decision', first, settings, now).status).toBe('contacted');
    expect(nextContactState('hung_up', first, settings, now).status).toBe('contacted');
    const completion = { ...settings, completionRetry: { enabled: true, delayMinutes: 60 } };
    expect(nextContactState('hung_up', first, completion, now).nextAttemptAt).toEqual(new Date('2026-01-05T16:00:00Z'));
    expect(nextContactState('hung_up', { dialed: 3, callbacks: 0 }, completion, now).status).toBe('contacted');
    expect(nextContactState('interested', first, completion, now).status).toBe('contacted');
  });

  it('schedules a requested callback at its time, beyond the retry budget', () => {
    const at = new Date('2026-01-06T20:00:00Z');
    expect(nextContactState('callback', { dialed: 3, callbacks: 1 }, settings, now, at)).toEqual({ status: 'retry', nextAttemptAt: at });
    expect(nextContactState('callback', first, settings, now).status).toBe('contacted');
  });

  it('ends on an opt-out, and never retries a dial the compliance gate refused', () => {
    expect(nextContactState('opted_out', first, settings, now).status).toBe('dnc');
    expect(nextContactState('blocked', { dialed: 0, callbacks: 0 }, settings, now).status).toBe('failed');
  });
});
