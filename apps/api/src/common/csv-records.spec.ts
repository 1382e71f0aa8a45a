import { Readable } from 'node:stream';
import { CsvHeaderError, MAX_LINE_BYTES, ProblemList, csvRecords } from './csv-records';

/** Reads chunks (exactly as given, so tests choose where they split) and answers the records and report. */
async function read(chunks: (string | Buffer)[]) {
  const problems = new ProblemList();
  const records: [number, string[]][] = [];
  const source = Readable.from(chunks.map((chunk) => (typeof chunk === 'string' ? Buffer.from(chunk) : chunk)));
  for await (const { record, info } of csvRecords(source, problems)) records.push([info.lines, record]);
  return { records, report: problems.summary(records.length - 1) };
}

const latin1 = (text: string) => Buffer.from(text, 'latin1');

describe(csvRecords.name, () => {
  it('reports a row with a NUL byte once, with its line, and reads the rows around it', async () => {
    const { records, report } = await read(['phone,name\n+12025550100,Ann\n+12025550101,B\0b\n+12025550102,Cy\n']);
    expect(records.map(([line]) => line)).toEqual([1, 2, 4]);
    expect(report).toMatchObject({ rows: 3, invalidRows: 1, problems: [{ line: 3, field: 'row', reason: expect.stringContaining('NUL') }] });
  });

  it('refuses a header with a NUL (a UTF-16 file, say) with a 400 naming the file', async () => {
    await expect(read([Buffer.from('\uFEFFphone\n+12025550100\n', 'utf16le')])).rejects.toThrow(CsvHeaderError);
  });

  it('reports a row that breaks several parser rules once, and reads on after it', async () => {
    const long = 'x'.repeat(MAX_LINE_BYTES + 10);
    const { records, report } = await read(['phone,name\n+12025550100,ok\n+12025550101,a"b', long.slice(0, 40_000), `${long.slice(40_000)}\n+12025550102,fine\n`]);
    expect(records.map(([line]) => line)).toEqual([1, 2, 4]);
    expect(report).toMatchObject({ rows: 3, invalidRows: 1 });
    expect(report.problems).toEqual([{ line: 3, field: 'row', reason: `is longer than ${MAX_LINE_BYTES} bytes` }]);

    const twoBareQuotes = await read(['phone,name\n+12025550100,a"b,c"d\n+12025550101,fine\n']);
    expect(twoBareQuotes.records.map(([line]) => line)).toEqual([1, 3]);
    expect(twoBareQuotes.report).toMatchObject({ rows: 2, invalidRows: 1, problems: [{ line: 2, field: 'row' }] });
  });

  it('counts lines as the parser does around an over-long line, whatever the line breaks', async () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const { records, report } = await read([`phone${eol}+12025550100${eol}${'9'.repeat(MAX_LINE_BYTES + 1)}${eol}+12025550102${eol}`]);
      expect(records).toEqual([[1, ['phone']], [2, ['+12025550100']], [4, ['+12025550102']]]);
      expect(report.problems.map((p) => p.line)).toEqual([3]);
    }
  });

  it('reports an unclosed quote that runs past the record limit once, saying the rest was not read', async () => {
    const lines = Array.from({ length: 2_000 }, (_, i) => `+1202555${String(1000 + i)},${'y'.repeat(50)}`).join('\n');
    const { records, report } = await read(['phone,name\n+12025550100,"open\n', lines, '\n']);
    expect(records).toHaveLength(1);
    expect(report.invalidRows).toBe(1);
    expect(report.problems[0]).toMatchObject({ line: expect.any(Number), reason: expect.stringContaining('not read') });
  });

  it('reads a Windows-1252 file as such and says so, also when the first non-ASCII byte comes late', async () => {
    const { records, report } = await read([latin1('phone,name\n+12025550100,Ann\n'), latin1('+12025550101,José Müller\n'), Buffer.from([0x2b, 0x31, 0x2c, 0x80, 0x92, 0x0a])]);
    expect(records.map(([, record]) => record[1])).toEqual(['name', 'Ann', 'José Müller', '€’']);
    expect(report.encoding).toBe('windows-1252');
  });

  it('keeps UTF-8 characters split across chunks, and drops a BOM', async () => {
    const bytes = Buffer.from('\uFEFFphone,name\n+12025550100,Zoë 😀 Łukasz\n');
    for (let cut = 1; cut < bytes.length; cut++) {
      const { records, report } = await read([bytes.subarray(0, cut), bytes.subarray(cut)]);
      expect(records).toEqual([[1, ['phone', 'name']], [2, ['+12025550100', 'Zoë 😀 Łukasz']]]);
      expect(report.encoding).toBe('utf-8');
    }
  });

  it('refuses the rows of bad bytes in a file that is otherwise UTF-8', async () => {
    const { records, report } = await read([Buffer.from('phone,name\n+12025550100,Zoë\n'), Buffer.concat([Buffer.from('+12025550101,Jos'), Buffer.from([0xe9]), Buffer.from('\n+12025550102,Ann\n')])]);
    expect(records.map(([, record]) => record[1])).toEqual(['name', 'Zoë', 'Ann']);
    expect(report).toMatchObject({ encoding: 'utf-8', invalidRows: 1, problems: [{ line: 3, reason: expect.stringContaining('not UTF-8') }] });
  });

  it('reads a cut-off character at the end of an ASCII file as Windows-1252', async () => {
    const { records, report } = await read([Buffer.concat([Buffer.from('phone,name\n+12025550100,Jos'), Buffer.from([0xe9])])]);
    expect(records[1]?.[1]).toEqual(['+12025550100', 'José']);
    expect(report.encoding).toBe('windows-1252');
  });
});
