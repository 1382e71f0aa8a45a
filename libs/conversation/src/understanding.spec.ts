import { type Emotion, type Intent, type ObjectionKind, parseCallbackTime, understand } from './understanding';

const NY = 'America/New_York';
// Tuesday 2026-11-24, 10:00 in New York (UTC-5).
const now = new Date('2026-11-24T15:00:00Z');

type Row = [text: string, intent: Intent, extra?: { objection?: ObjectionKind; emotion?: Emotion; callbackAt?: string }];

const TABLE: Row[] = [
  ["Yes, I'm interested", 'interested'],
  ['Sounds great, tell me more', 'interested', { emotion: 'positive' }],
  ['Sure, go ahead', 'interested'],
  ['Yeah', 'interested'],
  ['Please send me the details', 'interested'],
  ["I'd love to hear about it", 'interested'],
  ['Sign me up', 'interested'],
  ["No thanks, I'm not interested", 'not_interested'],
  ['Not interested', 'not_interested'],
  ["That's not for us", 'not_interested'],
  ['No thank you', 'not_interested'],
  ['Nope', 'not_interested'],
  ["I'll pass", 'not_interested'],
  ["It's too expensive for us", 'objection', { objection: 'price' }],
  ["We don't have the budget this year", 'objection', { objection: 'price' }],
  ['How much does it cost?', 'objection', { objection: 'price' }],
  ["We already use another provider", 'objection', { objection: 'competitor' }],
  ["We already have something like that", 'objection', { objection: 'competitor' }],
  ["I don't need that", 'objection', { objection: 'need' }],
  ['Is this a scam?', 'objection', { objection: 'trust' }],
  ['How did you get my number', 'objection', { objection: 'trust' }],
  ["I'm not the decision maker", 'objection', { objection: 'authority' }],
  ["I'm in a meeting", 'objection', { objection: 'timing' }],
  ['Call me back tomorrow at 3', 'callback_request', { callbackAt: '2026-11-25T20:00:00.000Z' }],
  ['Can you call me tomorrow at 3pm?', 'callback_request', { callbackAt: '2026-11-25T20:00:00.000Z' }],
  ['Call me back in two hours', 'callback_request', { callbackAt: '2026-11-24T17:00:00.000Z' }],
  ['Try me again next Monday morning', 'callback_request', { callbackAt: '2026-11-30T15:00:00.000Z' }],
  ['Call me later, after 5 pm', 'callback_request', { callbackAt: '2026-11-24T22:00:00.000Z' }],
  ['Call me back on Friday', 'callback_request', { callbackAt: '2026-11-27T15:00:00.000Z' }],
  ['Call back at 9:30 am', 'callback_request', { callbackAt: '2026-11-25T14:30:00.000Z' }],
  ['Please call me later', 'callback_request'],
  ['Stop calling me', 'opt_out', { emotion: 'frustrated' }],
  ['Remove me from your list', 'opt_out'],
  ['Put me on the do not call list', 'opt_out'],
  ["Don't call this number again", 'opt_out'],
  ['Unsubscribe', 'opt_out'],
  ['Never call me again!!', 'opt_out', { emotion: 'frustrated' }],
  ['Lose my number', 'opt_out'],
  ['You have the wrong number', 'wrong_person'],
  ["There's nobody here by that name", 'wrong_person'],
  ['Can I speak to a person?', 'person_request'],
  ["I'd like to talk to a real person", 'person_request'],
  ['Let me speak with someone', 'person_request'],
  ['An agent please', 'person_request'],
  ['I want a real person', 'person_request'],
  ['What company are you with?', 'question'],
  ['Who is this?', 'question', { emotion: 'confused' }],
  ["I'm not not interested", 'unclear'],
  ['Hmm', 'unclear'],
  ['', 'unclear'],
  ['Sorry, I don\'t understand what you mean', 'unclear', { emotion: 'confused' }],
];

describe('understand (rules)', () => {
  it('has a table of at least 40 utterances', () => expect(TABLE.length).toBeGreaterThanOrEqual(40));

  it('classifies every utterance of the table', () => {
    const wrong = TABLE.flatMap(([text, intent, extra]) => {
      const result = understand({ text }, now, NY);
      const expected = { intent, ...extra };
      const actual = { intent: result.intent, objection: result.objection, emotion: result.emotion, callbackAt: result.callbackAt };
      const ok =
        (Object.keys(expected) as (keyof typeof expected)[]).every((key) => actual[key] === expected[key]) &&
        result.confidence > 0 &&
        result.confidence <= 1;
      return ok ? [] : [{ text, expected, actual }];
    });
    expect(wrong).toEqual([]);
  });

  it('reads the announced keys with full confidence', () => {
    expect(understand({ dtmf: '1' }, now, NY)).toMatchObject({ intent: 'interested', confidence: 1 });
    expect(understand({ dtmf: '9' }, now, NY)).toMatchObject({ intent: 'opt_out', confidence: 1 });
    expect(understand({ dtmf: '3' }, now, NY)).toMatchObject({ intent: 'not_interested' });
    expect(understand({ dtmf: '2' }, now, NY)).toMatchObject({ intent: 'callback_request', callbackAt: '2026-11-25T15:00:00.000Z' });
    expect(understand({ dtmf: '7' }, now, NY).intent).toBe('unclear');
  });

  it("reads the campaign's key for a person only when it hands off by key", () => {
    expect(understand({ dtmf: '0' }, now, NY, 'en-US', '0')).toMatchObject({ intent: 'person_request', confidence: 1 });
    expect(understand({ dtmf: '0' }, now, NY).intent).toBe('unclear');
    expect(understand({ dtmf: '1' }, now, NY, 'en-US', '0').intent).toBe('interested');
  });
});

describe(parseCallbackTime.name, () => {
  it('places an hour alone at its next occurrence, in the customer zone', () => {
    expect(parseCallbackTime('at 4', now, NY)).toBe('2026-11-24T21:00:00.000Z');
    expect(parseCallbackTime('at 8 am', now, NY)).toBe('2026-11-25T13:00:00.000Z');
    expect(parseCallbackTime('tomorrow at 3', now, 'Europe/Paris')).toBe('2026-11-25T14:00:00.000Z');
  });
  it('names no time when the words give none', () => {
    expect(parseCallbackTime('call me later', now, NY)).toBeUndefined();
  });
});
