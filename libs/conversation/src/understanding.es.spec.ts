import { nextReply, describeKey } from './conversation-engine';
import { spanish } from './language/es';
import { type Emotion, type Intent, type ObjectionKind, parseCallbackTime, understand } from './understanding';

const MADRID = 'Europe/Madrid';
const MEXICO = 'America/Mexico_City';
// Tuesday 2026-11-24, 10:00 in Madrid (UTC+1).
const now = new Date('2026-11-24T09:00:00Z');

type Row = [text: string, intent: Intent, extra?: { objection?: ObjectionKind; emotion?: Emotion; callbackAt?: string }];

/** Spanish turns as a transcript may spell them: with and without accents and opening marks. */
const TABLE: Row[] = [
  ['Sí', 'interested', { emotion: 'positive' }],
  ['Quiero hablar con una persona', 'person_request'],
  ['¿Puedo hablar con un agente?', 'person_request'],
  ['Páseme con alguien, por favor', 'person_request'],
  ['si', 'interested'],
  ['Sí, estoy interesado', 'interested'],
  ['estoy interesada', 'interested'],
  ['Me interesa, cuénteme más', 'interested'],
  ['Claro, adelante', 'interested'],
  ['Mándeme la información', 'interested'],
  ['No, gracias', 'not_interested'],
  ['no gracias', 'not_interested'],
  ['No me interesa', 'not_interested'],
  ['No estoy interesado', 'not_interested'],
  ['No', 'not_interested'],
  ['Es muy caro', 'objection', { objection: 'price' }],
  ['No tenemos presupuesto', 'objection', { objection: 'price' }],
  ['Ya tenemos otro proveedor', 'objection', { objection: 'competitor' }],
  ['No lo necesito', 'objection', { objection: 'need' }],
  ['¿Esto es una estafa?', 'objection', { objection: 'trust' }],
  ['¿De dónde sacó mi número?', 'objection', { objection: 'trust' }],
  ['No soy quien decide', 'objection', { objection: 'authority' }],
  ['Estoy en una reunión', 'objection', { objection: 'timing' }],
  ['Llámeme mañana a las tres', 'callback_request', { callbackAt: '2026-11-25T14:00:00.000Z' }],
  ['llameme manana a las tres', 'callback_request', { callbackAt: '2026-11-25T14:00:00.000Z' }],
  ['Llámeme el viernes por la mañana', 'callback_request', { callbackAt: '2026-11-27T09:00:00.000Z' }],
  ['Vuelva a llamarme el lunes a las 9 y media', 'callback_request', { callbackAt: '2026-11-30T08:30:00.000Z' }],
  ['Llámeme dentro de dos horas', 'callback_request', { callbackAt: '2026-11-24T11:00:00.000Z' }],
  ['Llámeme en media hora', 'callback_request', { callbackAt: '2026-11-24T09:30:00.000Z' }],
  ['Ahora no puedo, llámeme a las 8 de la tarde', 'callback_request', { callbackAt: '2026-11-24T19:00:00.000Z' }],
  ['Llámeme pasado mañana a la una', 'callback_request', { callbackAt: '2026-11-26T12:00:00.000Z' }],
  ['Más tarde', 'callback_request'],
  ['No me llame más', 'opt_out'],
  ['no me llamen nunca', 'opt_out'],
  ['Bórreme de su lista', 'opt_out'],
  ['borreme de su lista', 'opt_out'],
  ['Dejen de llamarme, ya basta', 'opt_out', { emotion: 'frustrated' }],
  ['No quiero que me vuelvan a llamar', 'opt_out'],
  ['Quiero darme de baja', 'opt_out'],
  ['Se ha equivocado de número', 'wrong_person'],
  ['Aquí no vive nadie con ese nombre', 'wrong_person'],
  ['Número equivocado', 'wrong_person'],
  ['¿Quién es usted?', 'question', { emotion: 'confused' }],
  ['¿De qué empresa llama?', 'question'],
  ['No es que no me interese', 'unclear'],
  ['Mmm', 'unclear'],
];

describe('understand (Spanish rules)', () => {
  // A default for `extra`: jest would read a third parameter of a two-value row as its `done` callback.
  it.each(TABLE)('%j → %s', (text, intent, extra = {}) => {
    const result = understand({ text }, now, MADRID, 'es-ES');
    expect(result.intent).toBe(intent);
    if (extra.objection) expect(result.objection).toBe(extra.objection);
    if (extra.emotion) expect(result.emotion).toBe(extra.emotion);
    if (extra.callbackAt) expect(result.callbackAt).toBe(extra.callbackAt);
  });

  it('reads Spanish in a Spanish call only: the English rules do not know "bórreme de su lista"', () => {
    expect(understand({ text: 'Bórreme de su lista' }, now, MADRID, 'en-US').intent).toBe('unclear');
    expect(understand({ text: 'Bórreme de su lista' }, now, MADRID, 'es-MX').intent).toBe('opt_out');
  });

  it('takes the same keys in every language', () => {
    expect(understand({ dtmf: '9' }, now, MADRID, 'es-ES')).toMatchObject({ intent: 'opt_out', confidence: 1 });
    expect(understand({ dtmf: '2' }, now, MADRID, 'es-ES')).toMatchObject({ intent: 'callback_request', callbackAt: '2026-11-25T09:00:00.000Z' });
  });
});

describe('parseCallbackTime in Spanish, in the contact zone', () => {
  it('places hours, days and parts of the day', () => {
    expect(parseCallbackTime('a las cuatro', now, MADRID, 'es-ES')).toBe('2026-11-24T15:00:00.000Z');
    expect(parseCallbackTime('a las 8 de la mañana', now, MADRID, 'es-ES')).toBe('2026-11-25T07:00:00.000Z');
    expect(parseCallbackTime('mañana por la tarde', now, MADRID, 'es-ES')).toBe('2026-11-25T15:00:00.000Z');
    expect(parseCallbackTime('esta noche', now, MADRID, 'es-ES')).toBe('2026-11-24T18:00:00.000Z');
    expect(parseCallbackTime('el miércoles a las cinco menos cuarto', now, MADRID, 'es-ES')).toBe('2026-11-25T15:45:00.000Z');
    expect(parseCallbackTime('el sabado', now, MADRID, 'es-ES')).toBe('2026-11-28T09:00:00.000Z');
    // The same words in Mexico City (UTC-6): 10:00 there is still Tuesday morning.
    expect(parseCallbackTime('mañana a las tres', now, MEXICO, 'es-MX')).toBe('2026-11-25T21:00:00.000Z');
    expect(parseCallbackTime('más tarde', now, MADRID, 'es-ES')).toBeUndefined();
  });
});

describe('nextReply in Spanish', () => {
  const context = {
    script: { mainPitch: 'Ayudamos a {company} a ahorrar.', objectionHandling: {}, closing: '', followUp: '' },
    fields: { first_name: 'Ana', company: 'Acme' },
    turn: 1,
    maxTurns: 3,
    unclearTurns: 0,
    timeZone: MADRID,
    language: 'es-ES',
  };
  const reply = (text: string) => nextReply(understand({ text }, now, MADRID, 'es-ES'), context);

  it('confirms a callback with the Spanish day and clock', () => {
    expect(reply('Llámeme el viernes a las tres')).toEqual({
      text: 'Por supuesto. Le llamaremos el viernes a las 15:00. Gracias, adiós.',
      end: true,
      outcome: 'callback',
    });
  });

  it('answers every ending and open turn in Spanish', () => {
    expect(reply('Bórreme de su lista')).toMatchObject({ text: spanish.optedOut, outcome: 'opted_out' });
    expect(reply('Sí')).toMatchObject({ text: spanish.interestedClosing, outcome: 'interested' });
    expect(reply('¿Qué es esto?')).toEqual({ text: `Buena pregunta. Ayudamos a Acme a ahorrar. ${spanish.keyMenu}`, end: false });
    expect(reply('Mmm')).toEqual({ text: `Disculpe, no le he entendido bien. ${spanish.keyMenu}`, end: false });
    expect(describeKey('9', 'es-MX')).toBe('[marcó 9: no volver a llamar]');
    expect(describeKey('7', 'es-ES')).toBe('[marcó 7]');
  });
});
