import { unansweredOutcome } from './call-outcome';

describe(unansweredOutcome.name, () => {
  it.each([
    ['BUSY', 0, 'busy'],
    ['CONGESTION', 0, 'congestion'],
    ['NOANSWER', null, 'no_answer'],
    ['CHANUNAVAIL', null, 'failed'],
    [null, 19, 'no_answer'],
    [null, 17, 'busy'],
    [null, 34, 'congestion'],
    [null, 0, 'failed'],
    [null, null, 'failed'],
  ] as const)('dial status %s with cause %s is %s', (dialStatus, cause, outcome) => {
    expect(unansweredOutcome(dialStatus, cause)).toBe(outcome);
  });
});
