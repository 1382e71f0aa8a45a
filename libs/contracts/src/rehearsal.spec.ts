import { REHEARSAL_BEHAVIOURS, apportionRehearsal, rehearsalBehaviourAt, rehearsalMixProblems } from './rehearsal';

describe(apportionRehearsal.name, () => {
  it('gives counts that add up to the contacts as they are', () => {
    expect(apportionRehearsal({ listens: 2, busy: 3 }, 5)).toMatchObject({ listens: 2, busy: 3, voicemail: 0 });
  });

  it('hands what rounding down leaves to the largest remainders, ties to the earlier behaviour', () => {
    // 50 contacts over 12 parts: 12.5, 8.33, 4.17, 4.17, 8.33, 4.17, 4.17, 4.17.
    const mix = { listens: 3, busy: 2, no_answer: 1, voicemail: 1, interested: 2, opts_out: 1, callback: 1, asks_for_person: 1 };
    expect(apportionRehearsal(mix, 50)).toEqual({ listens: 13, busy: 9, no_answer: 4, voicemail: 4, interested: 8, opts_out: 4, callback: 4, asks_for_person: 4 });
  });

  it('always adds up to the contacts', () => {
    for (const contacts of [0, 1, 7, 50, 999]) {
      const counts = apportionRehearsal({ listens: 1, busy: 1, no_answer: 1 }, contacts);
      expect(REHEARSAL_BEHAVIOURS.reduce((sum, b) => sum + counts[b], 0)).toBe(contacts);
    }
  });
});

describe(rehearsalBehaviourAt.name, () => {
  it('fills positions in the order of the behaviours', () => {
    const mix = { busy: 1, voicemail: 2 };
    expect([0, 1, 2].map((position) => rehearsalBehaviourAt(mix, position, 3))).toEqual(['busy', 'voicemail', 'voicemail']);
  });

  it('refuses a position past the contacts', () => {
    expect(() => rehearsalBehaviourAt({ busy: 1 }, 3, 3)).toThrow(RangeError);
  });
});

describe(rehearsalMixProblems.name, () => {
  it('names each bad weight and an empty mix', () => {
    expect(rehearsalMixProblems({ busy: 1.5, listens: -1, voicemail: 2 })).toEqual([
      { field: 'rehearsalMix.busy', message: 'must be an integer from 0 to 1000000' },
      { field: 'rehearsalMix.listens', message: 'must be an integer from 0 to 1000000' },
    ]);
    expect(rehearsalMixProblems({ busy: 0 })).toEqual([{ field: 'rehearsalMix', message: 'needs at least one behaviour with a weight above 0' }]);
    expect(rehearsalMixProblems({ busy: 0, callback: 4 })).toEqual([]);
  });
});
