import type { ConversationTurn } from '../analysis';
import { HISTORY_LIMITS, buildSystemPrompt, historyMessages } from './prompt';

describe(buildSystemPrompt.name, () => {
  const input = {
    organizationName: 'Acme Solar',
    script: {
      mainPitch: 'We install solar panels for {company} with no upfront cost.',
      objectionHandling: { price: 'There is no upfront cost, {first_name}; you pay from the savings.', timing: '', other: 'I understand.' },
      closing: 'Great, a colleague will call {company} this week.',
      followUp: 'Thank you for your time.',
    },
    fields: { first_name: 'Ada', company: 'Lovelace Ltd' },
    now: new Date('2026-11-24T15:00:00Z'),
    timeZone: 'America/New_York',
    language: 'en-US',
  };

  it('carries the organization, the script with its placeholders filled, and the phone rules', () => {
    const prompt = buildSystemPrompt(input);
    expect(prompt).toContain('calling Ada on behalf of Acme Solar');
    expect(prompt).toContain('Main pitch: We install solar panels for Lovelace Ltd with no upfront cost.');
    expect(prompt).toContain('- price: There is no upfront cost, Ada; you pay from the savings.');
    expect(prompt).toContain('- other: I understand.');
    expect(prompt).not.toContain('- timing:');
    expect(prompt).toContain('Closing, when the customer is interested: Great, a colleague will call Lovelace Ltd this week.');
    expect(prompt).toContain('Follow-up, when the customer is not interested: Thank you for your time.');
    expect(prompt).toMatch(/Be brief/);
    expect(prompt).toMatch(/Never invent prices, discounts, dates, guarantees or promises/);
    expect(prompt).toMatch(/opt-out: acknowledge it and do not pitch again/);
    expect(prompt).toContain('Tuesday, November 24, 2026 at 10:00 AM GMT-05:00 (America/New_York)');
  });

  it('is pure: the same input gives the same prompt', () => {
    expect(buildSystemPrompt(input)).toBe(buildSystemPrompt({ ...input, fields: { ...input.fields } }));
  });

  it('without a script offers only a follow-up by a person', () => {
    const prompt = buildSystemPrompt({ ...input, script: null, fields: {} });
    expect(prompt).toContain('calling on behalf of Acme Solar');
    expect(prompt).toContain('Main pitch: (none: offer that a colleague follows up)');
    expect(prompt).not.toMatch(/Objection handling|Closing|Follow-up,/);
  });
});

describe(historyMessages.name, () => {
  const turn = (user_input: string, ai_response: string): ConversationTurn => ({ user_input, ai_response, timestamp: '2026-11-24T15:00:00Z' });
  const greeting = turn('', 'Hello Ada, this is an automated assistant.');

  it('gives the AI as assistant and the customer as user, oldest first, the greeting included', () => {
    expect(historyMessages([greeting, turn('What is it?', 'Solar panels.'), turn('[pressed 2: call me back tomorrow]', 'Of course.')])).toEqual([
      { role: 'assistant', content: 'Hello Ada, this is an automated assistant.' },
      { role: 'user', content: 'What is it?' },
      { role: 'assistant', content: 'Solar panels.' },
      { role: 'user', content: '[pressed 2: call me back tomorrow]' },
      { role: 'assistant', content: 'Of course.' },
    ]);
  });

  it('keeps the latest exchanges within the turn and character budgets', () => {
    const many = [greeting, ...Array.from({ length: 14 }, (_, i) => turn(`question ${i + 1}`, `answer ${i + 1}`))];
    const kept = historyMessages(many);
    expect(kept).toHaveLength(HISTORY_LIMITS.maxTurns * 2);
    expect(kept[0]).toEqual({ role: 'user', content: 'question 5' });
    expect(kept.at(-1)).toEqual({ role: 'assistant', content: 'answer 14' });

    // 'question N' + 'answer N' is 20 characters for N < 10: two exchanges fit in 45, a third would not.
    expect(historyMessages(many.slice(0, 6), { maxTurns: 10, maxChars: 45 }).map((m) => m.content)).toEqual(['question 4', 'answer 4', 'question 5', 'answer 5']);
    expect(historyMessages([turn('x'.repeat(50), 'y')], { maxTurns: 10, maxChars: 45 })).toEqual([]);
  });
});
