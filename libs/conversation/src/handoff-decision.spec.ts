import { withHandoffDefaults } from '../../contracts/src';
import { handoffOrder, handsOff } from './handoff-decision';

describe(handsOff.name, () => {
  const settings = (triggers: ('interested' | 'person_requested' | 'key')[]) => withHandoffDefaults({ destination: { kind: 'queue', value: 'sales' }, triggers });

  it('hands off on the intents the campaign chose, a request by key only with the key trigger', () => {
    expect(handsOff('interested', true, settings(['interested']))).toBe(true);
    expect(handsOff('interested', false, settings(['person_requested']))).toBe(false);
    expect(handsOff('person_request', false, settings(['person_requested']))).toBe(true);
    expect(handsOff('person_request', true, settings(['person_requested']))).toBe(false);
    expect(handsOff('person_request', true, settings(['key']))).toBe(true);
    expect(handsOff('not_interested', false, settings(['interested', 'person_requested', 'key']))).toBe(false);
    expect(handsOff('interested', false, null)).toBe(false);
  });
});

describe(handoffOrder.name, () => {
  it("tells the agent who, why and the customer's own words (not key presses), in the script's language", () => {
    const order = handoffOrder({
      handoff: withHandoffDefaults({ destination: { kind: 'endpoint', value: 'agent-7' }, triggers: ['interested'], answerTimeoutSeconds: 15 }),
      numberTemplate: 'PJSIP/{number}@trunk',
      intent: 'person_request',
      language: 'es-ES',
      organizationName: 'Acme Solar',
      contact: { phone: '+34911', fields: { first_name: 'Lucía', last_name: 'Pérez' } },
      turns: [{ user_input: '' }, { user_input: '[marcó 1: le interesa]' }, { user_input: 'quiero hablar con una persona' }],
    });
    expect(order).toEqual({
      dialString: 'PJSIP/agent-7',
      timeoutSeconds: 15,
      summary: 'Llamada de Acme Solar con Lucía Pérez, + 3 4 9 1 1. El cliente ha pedido hablar con una persona. Ha dicho: quiero hablar con una persona.',
    });
  });
});
