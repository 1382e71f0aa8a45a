import { csvCell, csvLine } from './csv';

describe(csvCell.name, () => {
  it('neutralises every formula start', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(csvCell(`${start}SUM(A1)`).startsWith(`'`) || csvCell(`${start}SUM(A1)`).startsWith(`"'`)).toBe(true);
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('-12')).toBe("'-12");
  });
  it('quotes separators and leaves plain values alone', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell(null)).toBe('');
    expect(csvCell(new Date('2026-01-01T00:00:00Z'))).toBe('2026-01-01T00:00:00.000Z');
    expect(csvLine(['a', 1, null])).toBe('a,1,\r\n');
  });
});
