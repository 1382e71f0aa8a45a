import type { CallSettings } from '../libs/contracts/src';
import { CampaignState } from './campaign-state';

const settings: CallSettings = {
  maxConcurrentCalls: 2,
  callIntervalMs: 0,
  retryAttempts: 0,
  retryDelayMinutes: 0,
  callTimeoutSeconds: 1,
  maxCallSeconds: 60,
  breakerFailureRate: 0.5,
  breakerWindow: 4,
  breakerMinCalls: 2,
};

/** A state with something in every carried field. */
function busyState(): CampaignState {
  const state = CampaignState.fromCarry(undefined);
  state.settings = settings;
  state.active.add('call-a').add('call-b').add('call-c');
  state.callFinished({ workflowId: 'call-a', contactId: 'a', outcome: 'interested', answered: true, dialed: true, contactFinal: true });
  state.callFinished({ workflowId: 'call-b', contactId: 'b', outcome: 'congestion', answered: false, dialed: true, contactFinal: false });
  state.lastCallTime = '2026-01-01T10:00:00.000Z';
  state.pause('operator note');
  state.markRecorded({ status: 'paused', reason: 'operator note' });
  return state;
}

describe(CampaignState.name, () => {
  it('round-trips every carried field through toCarry and fromCarry', () => {
    const carry = busyState().toCarry(settings);
    const next = CampaignState.fromCarry(carry);
    expect(next.toCarry(settings)).toEqual(carry);
    expect(carry).toMatchObject({ successfulCalls: 1, failedCalls: 1, paused: true, pauseReason: 'operator note', recentFailures: [false, true], activeCalls: ['call-c'] });
  });

  it('does not want to write again what the last run recorded', () => {
    const next = CampaignState.fromCarry(busyState().toCarry(settings));
    expect(next.pendingRecord()).toBeUndefined();
    next.resume();
    expect(next.pendingRecord()).toEqual({ status: 'active', reason: null });
  });

  it('takes a report from a call that the previous run started', () => {
    const next = CampaignState.fromCarry(busyState().toCarry(settings));
    next.callFinished({ workflowId: 'call-c', contactId: 'c', outcome: 'busy', answered: false, dialed: true, contactFinal: true });
    expect(next.queueStatus()).toMatchObject({ activeCalls: 0, failedCalls: 2, successfulCalls: 1 });
  });

  it('keeps the breaker memory across runs, so the next technical failure trips it', () => {
    const state = CampaignState.fromCarry(undefined);
    state.settings = settings;
    state.active.add('x').add('y');
    state.callFinished({ workflowId: 'x', contactId: 'x', outcome: 'busy', answered: false, dialed: true, contactFinal: true });
    const next = CampaignState.fromCarry(state.toCarry(settings));
    next.callFinished({ workflowId: 'y', contactId: 'y', outcome: 'failed', answered: false, dialed: true, contactFinal: true });
    expect(next.paused).toBe(true);
    expect(next.pauseReason).toMatch(/^circuit breaker: 1 of the last 2 attempts failed/);
  });
});
