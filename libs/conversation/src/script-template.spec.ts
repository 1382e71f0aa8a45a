import { buildGreeting, renderScript } from './script-template';

describe(renderScript.name, () => {
  it('fills contact fields and custom fields', () => {
    expect(renderScript('Hi {first_name} from {company}, about your {plan}.', { first_name: 'Ana', company: 'Acme', plan: 'gold plan' }))
      .toBe('Hi Ana from Acme, about your gold plan.');
  });

  it('drops unknown placeholders without leaving gaps', () => {
    expect(renderScript('Hi {first_name} , how are you?', {})).toBe('Hi, how are you?');
  });
});

describe(buildGreeting.name, () => {
  it('always discloses that the caller is automated, and names the contact', () => {
    const greeting = buildGreeting({ organizationName: 'Acme', mainPitch: 'Can we talk about {company}?', fields: { first_name: 'Ana', company: 'Beta' }, language: 'en-US' });
    expect(greeting).toBe('Hello Ana, this is an automated assistant calling on behalf of Acme. Can we talk about Beta?');
  });

  it("speaks the script's language, and its own line when there is no script", () => {
    const greeting = buildGreeting({ organizationName: 'Acme', mainPitch: '¿Podemos hablar de {company}?', fields: { first_name: 'Ana', company: 'Beta' }, language: 'es-MX' });
    expect(greeting).toBe('Hola Ana, le llama un asistente automático en nombre de Acme. ¿Podemos hablar de Beta?');
    expect(buildGreeting({ organizationName: 'Acme', mainPitch: undefined, fields: {}, language: 'es-ES' })).toBe(
      'Hola, le llama un asistente automático en nombre de Acme. Le llamamos para saber si le gustaría recibir más información.',
    );
  });
});
