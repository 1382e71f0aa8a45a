import { agentDialString, handoffKey, handoffProblems, withHandoffDefaults } from './handoff';

describe(handoffProblems.name, () => {
  const valid = { destination: { kind: 'endpoint', value: 'agent-7' }, triggers: ['interested', 'key'], key: '0', answerTimeoutSeconds: 30 };

  it('accepts every kind of destination, and null (handoff off)', () => {
    expect(handoffProblems(valid)).toEqual([]);
    expect(handoffProblems({ destination: { kind: 'queue', value: 'sales_team' }, triggers: ['person_requested'] })).toEqual([]);
    expect(handoffProblems({ destination: { kind: 'number', value: '+12025550100' }, triggers: ['interested'] })).toEqual([]);
    expect(handoffProblems({ destination: { kind: 'channel', value: 'Local/answers@sim-agents' }, triggers: ['interested'] })).toEqual([]);
    expect(handoffProblems(null)).toEqual([]);
  });

  it('names every bad field', () => {
    expect(
      handoffProblems({ destination: { kind: 'sip', value: 'x' }, triggers: ['always'], key: '1', answerTimeoutSeconds: 2, callbackDelayMinutes: 1.5, colour: 'red' }).map(
        (p) => p.field,
      ),
    ).toEqual(['handoff.colour', 'handoff.destination.kind', 'handoff.triggers', 'handoff.key', 'handoff.answerTimeoutSeconds', 'handoff.callbackDelayMinutes']);
    expect(handoffProblems('PJSIP/100')).toEqual([{ field: 'handoff', message: 'must be an object or null' }]);
  });

  it.each([
    ['endpoint', 'agent,60,G(x)'],
    ['queue', 'sales&PJSIP/2'],
    ['number', '2025550100'],
    ['channel', 'Local/1@agents,1,U(evil)'],
    ['channel', 'Console/dsp'],
  ])('refuses a %s destination that could change the dial: %s', (kind, value) => {
    expect(handoffProblems({ destination: { kind, value }, triggers: ['interested'] }).map((p) => p.field)).toEqual(['handoff.destination.value']);
  });
});

describe(agentDialString.name, () => {
  it('dials endpoints over PJSIP, queues through the dialplan and numbers as customers are dialed', () => {
    expect(agentDialString({ kind: 'endpoint', value: 'agent-7' }, 'PJSIP/{number}@trunk')).toBe('PJSIP/agent-7');
    expect(agentDialString({ kind: 'queue', value: 'sales' }, 'PJSIP/{number}@trunk')).toBe('Local/sales@dialer-queue');
    expect(agentDialString({ kind: 'number', value: '+12025550100' }, 'PJSIP/{number}@trunk')).toBe('PJSIP/+12025550100@trunk');
    expect(agentDialString({ kind: 'channel', value: 'Local/answers@sim-agents' }, 'PJSIP/{number}@trunk')).toBe('Local/answers@sim-agents');
  });
});

describe(withHandoffDefaults.name, () => {
  it('fills in the key, the ring time and the callback delay; the key counts only with the key trigger', () => {
    const settings = withHandoffDefaults({ destination: { kind: 'queue', value: 'sales' }, triggers: ['interested'] });
    expect(settings).toEqual({ destination: { kind: 'queue', value: 'sales' }, triggers: ['interested'], key: '0', answerTimeoutSeconds: 20, callbackDelayMinutes: 60 });
    expect(handoffKey(settings)).toBeUndefined();
    expect(handoffKey({ ...settings, triggers: ['key'], key: '*' })).toBe('*');
    expect(handoffKey(null)).toBeUndefined();
  });
});
