import { analyzeConversation } from './analysis';
import { nextReply, type ReplyContext } from './conversation-engine';
import { catalogueFor } from './language';
import { understand } from './understanding';

const KEY_MENU = catalogueFor('en-US').keyMenu;
const now = new Date('2026-11-24T15:00:00Z');
const context: ReplyContext = {
  script: {
    mainPitch: 'We help {company} save time on calls.',
    objectionHandling: { price: 'Plans start at ten dollars, {first_name}.', other: 'I hear you.' },
    closing: 'Great, {first_name}! Someone from our team will call {company} this week. Goodbye.',
    followUp: '',
  },
  fields: { first_name: 'Ada', company: 'Acme' },
  turn: 1,
  maxTurns: 3,
  unclearTurns: 0,
  timeZone: 'America/New_York',
  language: 'en-US',
};
const reply = (text: string, overrides: Partial<ReplyContext> = {}) =>
  nextReply(understand({ text }, now, 'America/New_York'), { ...context, ...overrides });

describe('nextReply (the script engine)', () => {
  it('asks the customer to hold, with no outcome yet, on a turn that hands off to a person', () => {
    expect(reply('Yes, tell me more', { handsOff: true })).toEqual({ text: catalogueFor('en-US').handoffHold, end: false });
  });

  it('says no person can take the call, and goes on, when the campaign has no handoff', () => {
    expect(reply('Can I speak to a person?')).toEqual({ text: `${catalogueFor('en-US').noPersonAvailable} ${KEY_MENU}`, end: false });
  });

  it("announces the campaign's key for a person with the key menu", () => {
    expect(reply('Hmm', { personKey: '0' }).text).toBe(`Sorry, I did not catch that. ${KEY_MENU} Or press 0 to speak with a person.`);
  });

  it('closes with the script closing, its variables filled, when the customer is interested', () => {
    expect(reply('Yes, tell me more')).toEqual({
      text: 'Great, Ada! Someone from our team will call Acme this week. Goodbye.',
      end: true,
      outcome: 'interested',
    });
  });

  it('answers an objection from the keyed handling and asks again with the key menu', () => {
    expect(reply("It's too expensive")).toEqual({ text: `Plans start at ten dollars, Ada. ${KEY_MENU}`, end: false });
    expect(reply('We already use another provider').text).toBe(`I hear you. ${KEY_MENU}`);
  });

  it('confirms a callback at the requested local time', () => {
    expect(reply('Call me back tomorrow at 3')).toEqual({
      text: 'Of course. We will call you back on Wednesday 3:00 PM. Thank you, goodbye.',
      end: true,
      outcome: 'callback',
    });
  });

  it('confirms an opt-out and ends', () => {
    expect(reply('Stop calling me')).toMatchObject({ end: true, outcome: 'opted_out' });
    expect(reply('Stop calling me').text).toMatch(/will not be called again/);
  });

  it('re-prompts an unclear turn, then gives up politely', () => {
    expect(reply('hmm', { unclearTurns: 1 })).toEqual({ text: `Sorry, I did not catch that. ${KEY_MENU}`, end: false });
    expect(reply('hmm', { unclearTurns: 2 })).toMatchObject({ end: true });
    expect(reply('hmm', { unclearTurns: 2 }).outcome).toBeUndefined();
  });

  it('ends at the turn limit instead of asking again', () => {
    expect(reply('What is this about?', { turn: 3 })).toMatchObject({ end: true });
    expect(reply('What is this about?', { turn: 3 }).text).toMatch(/^Good question\. We help Acme save time on calls\./);
  });
});

describe(analyzeConversation.name, () => {
  const turns = [
    { user_input: '', ai_response: 'Hello Ada.', timestamp: '2026-11-24T15:00:00Z' },
    { user_input: 'Too expensive', ai_response: 'Plans start low.', intent: 'objection' as const, emotion: 'neutral' as const, timestamp: '2026-11-24T15:00:10Z' },
    { user_input: '[pressed 1: interested]', ai_response: 'Great!', intent: 'interested' as const, emotion: 'positive' as const, timestamp: '2026-11-24T15:00:20Z' },
  ];

  const noModel = { llmPromptTokens: 0, llmCompletionTokens: 0 };
  const free = { perMinute: 0, ttsPer1kChars: 0, llmPer1kPromptTokens: 0, llmPer1kCompletionTokens: 0 };

  it('builds the seed transcript, scores and insights, and costs the call', () => {
    const analysis = analyzeConversation(turns, 'interested', { durationSeconds: 90, ttsCharacters: 2000, input: 'keys', ...noModel }, { ...free, perMinute: 0.02, ttsPer1kChars: 0.015 });
    expect(analysis.transcript).toBe(
      'AI: Hello Ada.\nCustomer: Too expensive\nAI: Plans start low.\nCustomer: [pressed 1: interested]\nAI: Great!',
    );
    expect(analysis).toMatchObject({ emotion: 'positive', intentScore: 0.9, csatScore: 5, cost: 0.06 });
    expect(analysis.insights).toMatchObject({ objections: ['Too expensive'], input: 'keys' });
  });

  it('scores an opt-out and a silent call low', () => {
    expect(analyzeConversation(turns.slice(0, 1), 'hung_up', { durationSeconds: 5, ttsCharacters: 10, input: 'keys', ...noModel }, free)).toMatchObject({
      emotion: 'neutral',
      intentScore: 0,
      csatScore: 3,
      cost: 0,
    });
    const optOut = [...turns.slice(0, 1), { ...turns[1]!, user_input: 'Stop calling me!!', intent: 'opt_out' as const, emotion: 'frustrated' as const }];
    expect(analyzeConversation(optOut, 'opted_out', { durationSeconds: 5, ttsCharacters: 10, input: 'keys', ...noModel }, free)).toMatchObject({
      emotion: 'frustrated',
      csatScore: 1,
    });
  });

  it('adds the model tokens at their input and output rates', () => {
    const usage = { durationSeconds: 60, ttsCharacters: 0, input: 'speech' as const, llmPromptTokens: 3000, llmCompletionTokens: 500 };
    const rates = { ...free, perMinute: 0.01, llmPer1kPromptTokens: 0.002, llmPer1kCompletionTokens: 0.008 };
    // 0.01 for the minute + 3 × 0.002 + 0.5 × 0.008
    expect(analyzeConversation(turns, 'interested', usage, rates).cost).toBeCloseTo(0.02, 6);
  });
});
