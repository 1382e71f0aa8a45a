import { CALL_SETTING_RULES, callSettingsProblems, resolveCallSettings } from './call-settings';

describe(callSettingsProblems.name, () => {
  it('accepts a partial change inside the bounds', () => {
    expect(callSettingsProblems({ maxConcurrentCalls: 5, callIntervalMs: 0, retryPolicy: { busy: { retry: true, delayMinutes: 10 } } })).toEqual([]);
  });

  it('names every field out of bounds, of the wrong kind, or unknown', () => {
    expect(
      callSettingsProblems({
        maxConcurrentCalls: 0,
        retryAttempts: 1.5,
        breakerFailureRate: 2,
        retryPolicy: { busy: { retry: 'yes' }, hangup: { retry: true } },
        completionRetry: { enabled: true, delayMinutes: -1 },
        colour: 'blue',
      }),
    ).toEqual([
      { field: 'maxConcurrentCalls', message: `must be an integer from 1 to ${CALL_SETTING_RULES.maxConcurrentCalls.max}` },
      { field: 'retryAttempts', message: 'must be an integer from 0 to 20' },
      { field: 'breakerFailureRate', message: 'must be a number from 0.01 to 1' },
      { field: 'retryPolicy.busy.retry', message: 'must be a boolean' },
      { field: 'retryPolicy.hangup', message: 'is not one of busy, no_answer, failed, voicemail' },
      { field: 'completionRetry.delayMinutes', message: 'must be a number from 0 to 43200' },
      { field: 'colour', message: 'is not a call setting' },
    ]);
  });

  it('checks the recording settings field by field', () => {
    expect(callSettingsProblems({ recording: { enabled: true, retentionDays: 30, consentMessage: 'This call is recorded.' } })).toEqual([]);
    expect(callSettingsProblems({ recording: { enabled: 'yes', retentionDays: 0, consentMessage: ' ', keep: true } })).toEqual([
      { field: 'recording.enabled', message: 'must be a boolean' },
      { field: 'recording.retentionDays', message: 'must be an integer from 1 to 3650' },
      { field: 'recording.consentMessage', message: 'must be a text of 1 to 500 characters' },
      { field: 'recording.keep', message: 'is not a recording setting' },
    ]);
    expect(callSettingsProblems({ recording: { enabled: false } })).toEqual([{ field: 'recording.retentionDays', message: 'must be an integer from 1 to 3650' }]);
    expect(callSettingsProblems({ recording: true })).toEqual([{ field: 'recording', message: 'must be an object' }]);
  });

  it('refuses what is not an object', () => {
    expect(callSettingsProblems(null)).toEqual([{ field: '', message: 'must be an object' }]);
  });
});

describe(resolveCallSettings.name, () => {
  it("lays a campaign's own settings over the defaults, skipping unset ones", () => {
    const defaults = { maxConcurrentCalls: 10, callIntervalMs: 30000, retryAttempts: 3, retryDelayMinutes: 5, callTimeoutSeconds: 30, maxCallSeconds: 600, breakerFailureRate: 0.5, breakerWindow: 20, breakerMinCalls: 10 };
    expect(resolveCallSettings(defaults, { maxConcurrentCalls: 2, callIntervalMs: undefined })).toEqual({ ...defaults, maxConcurrentCalls: 2 });
  });
});
