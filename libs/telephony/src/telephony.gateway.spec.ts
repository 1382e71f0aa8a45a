import { parseRescueMark } from './telephony.gateway';

describe('parseRescueMark', () => {
  it('reads the verdict, the answer time and the hang-up time [dialer-rescue] leaves', () => {
    expect(parseRescueMark('opted_out@1796324806.426@1796324815.002')).toEqual({
      verdict: 'opted_out',
      answeredAt: new Date(1796324806426),
      endedAt: new Date(1796324815002),
    });
    expect(parseRescueMark('apology@1796324806')).toEqual({ verdict: 'apology', answeredAt: new Date(1796324806000), endedAt: null });
  });

  it('takes a mark without times (an older dialplan) and nothing from an unset or cleared global', () => {
    expect(parseRescueMark('apology')).toEqual({ verdict: 'apology', answeredAt: null, endedAt: null });
    expect(parseRescueMark('')).toBeNull();
    expect(parseRescueMark(undefined)).toBeNull();
    expect(parseRescueMark('hello@1')).toBeNull();
  });
});
