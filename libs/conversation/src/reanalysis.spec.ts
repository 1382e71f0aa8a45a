import type { ConversationTurn } from './analysis';
import { describeKey } from './conversation-engine';
import { rereadTurns, storedInput } from './reanalysis';

const at = '2025-01-15T15:00:00.000Z';

describe(storedInput.name, () => {
  it('gives back the key of a key press as any language transcribed it, the words otherwise, nothing for silence', () => {
    expect(storedInput({ user_input: describeKey('1', 'en-US') })).toEqual({ dtmf: '1' });
    expect(storedInput({ user_input: describeKey('9', 'es-MX') })).toEqual({ dtmf: '9' });
    expect(storedInput({ user_input: describeKey('7', 'en-US') })).toEqual({ dtmf: '7' });
    expect(storedInput({ user_input: 'Press one for me' })).toEqual({ text: 'Press one for me' });
    expect(storedInput({ user_input: '[no answer]' })).toEqual({});
  });
});

describe(rereadTurns.name, () => {
  const turns: ConversationTurn[] = [
    { user_input: '', ai_response: 'Hello, this is an automated assistant.', timestamp: at },
    { user_input: 'That sounds great, I am interested', ai_response: 'Wonderful.', intent: 'unclear', emotion: 'neutral', confidence: 0.3, timestamp: at },
    { user_input: describeKey('3', 'en-US'), ai_response: 'Goodbye.', intent: 'unclear', emotion: 'neutral', confidence: 0.3, timestamp: at },
  ];

  it("reads customer turns with today's rules, keys by their menu meaning, and leaves the AI's own lines and the words alone", async () => {
    const reread = await rereadTurns(turns, 'en-US');
    expect(reread[0]).toBe(turns[0]);
    expect(reread.map((t) => [t.user_input, t.intent, t.emotion])).toEqual([
      ['', undefined, undefined],
      ['That sounds great, I am interested', 'interested', 'positive'],
      [describeKey('3', 'en-US'), 'not_interested', 'neutral'],
    ]);
  });

  it('asks the reader for spoken turns only, with the turns before already re-read, and falls back to the rules when it has no answer', async () => {
    const asked: [string | undefined, number][] = [];
    const reread = await rereadTurns(turns, 'en-US', async (input, earlier) => {
      asked.push([input.text, earlier.length]);
      return undefined;
    });
    expect(asked).toEqual([['That sounds great, I am interested', 1]]);
    expect(reread[1]).toMatchObject({ intent: 'interested' });

    const byModel = await rereadTurns(turns, 'en-US', async () => ({ intent: 'question', emotion: 'confused', confidence: 0.6 }));
    expect(byModel[1]).toMatchObject({ intent: 'question', emotion: 'confused', confidence: 0.6 });
  });
});
