import { parseRescueMark } from './telephony.gateway';

describe('parseRescueMark', () => {
  it('reads the verdict and the answer time [dialer-rescue] leaves', () => {
    expect(parseRescueMark('opted_out@1796324806.426')).toEqual({ verdict: 'opted_out', answeredAt: new Date(1796324806426) });
    expect(parseRescueMark('apology@1796324806')).toEqual({ verdict: 'apology', answeredAt: new Date(1796324806000) });
  });

  it('takes a mark without an answer time (an older dialplan) and nothing from an unset or cleared global', () => {
    expect(parseRescueMark('apology')).toEqual({ verdict: 'apology', answeredAt: null });
    expect(parseRescueMark('')).toBeNull();
    expect(parseRescueMark(undefined)).toBeNull();
    expect(parseRescueMark('hello@1')).toBeNull();
  });
});
