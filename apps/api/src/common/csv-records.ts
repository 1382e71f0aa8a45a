import { isAscii, isUtf8 } from 'node:buffer';
import { type Readable, Transform, type TransformCallback } from 'node:stream';
import { BadRequestException } from '@nestjs/common';
import { type CsvError, parse } from 'csv-parse';

/** One rejected line of an uploaded file, by its line number (the header is line 1). */
export interface RowProblem {
  line: number;
  field: string;
  reason: string;
}

/** How the bytes of an upload were read: UTF-8 (with or without a BOM), or Windows-1252 when they are not UTF-8. */
export type UploadEncoding = 'utf-8' | 'windows-1252';

export const MAX_REPORTED_PROBLEMS = 10_000;
/** The longest line (and record) read, in UTF-8 bytes; the longest valid contact row is well under it. */
export const MAX_LINE_BYTES = 65_536;

/** The file cannot be imported at all (no header, no phone column): a 400 naming `file`. */
export class CsvHeaderError extends BadRequestException {
  constructor(reason: string) {
    super(`file: ${reason}`);
  }
}

/** A header compared loosely: "First Name", "first_name" and "firstname" are one column. */
export function columnKey(header: string): string {
  return header.toLowerCase().replace(/[\s_-]/g, '');
}

/** Problems of an upload, counted in full and listed up to MAX_REPORTED_PROBLEMS, in line order. */
export class ProblemList {
  readonly problems: RowProblem[] = [];
  invalidRows = 0;
  /** Records the reader rejected before the caller saw them (they count as rows of the file too). */
  rejectedRecords = 0;
  truncated = false;
  encoding: UploadEncoding = 'utf-8';

  reject(line: number, problems: { field: string; reason: string }[]): void {
    this.invalidRows += 1;
    for (const problem of problems) {
      if (this.problems.length >= MAX_REPORTED_PROBLEMS) this.truncated = true;
      else this.problems.push({ line, ...problem });
    }
  }

  /** The report's share of an upload, given the rows the caller read (records the reader rejected count as rows too). */
  summary(rowsRead: number): { rows: number; invalidRows: number; problems: RowProblem[]; problemsTruncated: boolean; encoding: UploadEncoding } {
    return {
      rows: rowsRead + this.rejectedRecords,
      invalidRows: this.invalidRows,
      // Malformed records are announced before the rows still buffered ahead of them are read.
      problems: this.problems.sort((a, b) => a.line - b.line),
      problemsTruncated: this.truncated,
      encoding: this.encoding,
    };
  }
}

// Node 20's TextDecoder('windows-1252') reads 0x80-0x9F as Latin-1's C1 controls; these are Windows-1252's
// characters there (the five bytes it leaves undefined stay C1 controls, as the WHATWG decoder has them).
const WINDOWS_1252_80_9F = '€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8DŽ\x8F\x90‘’“”•–—˜™š›œ\x9DžŸ';

function windows1252(bytes: Buffer): string {
  return bytes.toString('latin1').replace(/[\x80-\x9F]/g, (c) => WINDOWS_1252_80_9F[c.charCodeAt(0) - 0x80] ?? c);
}

/** The length of `bytes` without a UTF-8 character cut off at its end (that one waits for the next chunk). */
function completeUtf8Length(bytes: Buffer): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back] ?? 0;
    if ((byte & 0xc0) === 0x80) continue;
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return length > back ? bytes.length - back : bytes.length;
  }
  return bytes.length;
}

/**
 * An upload's bytes as UTF-8, decided from the bytes: UTF-8 until a sequence that is not. When everything
 * before it was ASCII, the file is Windows-1252 (what Excel on Windows saves as "CSV"), which reads ASCII alike,
 * so the switch loses nothing. A file that already had UTF-8 text is UTF-8 with bad bytes: they pass on and
 * become U+FFFD, and `invalidUtf8` tells the reader to refuse their rows.
 */
class UploadDecoder extends Transform {
  encoding: UploadEncoding = 'utf-8';
  invalidUtf8 = false;
  private carry: Buffer = Buffer.alloc(0);
  private asciiSoFar = true;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const bytes = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    this.carry = Buffer.alloc(0);
    if (this.encoding === 'utf-8' && !this.invalidUtf8) {
      const end = completeUtf8Length(bytes);
      const complete = bytes.subarray(0, end);
      if (isUtf8(complete)) {
        this.carry = Buffer.from(bytes.subarray(end));
        this.asciiSoFar &&= isAscii(complete);
        done(null, complete);
        return;
      }
      this.switchAway();
    }
    done(null, this.encoding === 'windows-1252' ? Buffer.from(windows1252(bytes)) : bytes);
  }

  override _flush(done: TransformCallback): void {
    // A character cut off by the end of the file is not UTF-8 either.
    if (this.carry.length > 0) {
      this.switchAway();
      done(null, this.encoding === 'windows-1252' ? Buffer.from(windows1252(this.carry)) : this.carry);
    } else done();
  }

  private switchAway(): void {
    if (this.asciiSoFar) this.encoding = 'windows-1252';
    else this.invalidUtf8 = true;
  }
}

const LF = 0x0a;
const CR = 0x0d;
const NUL = Buffer.from([0]);

/**
 * Passes text on a line at a time, holding back at most MAX_LINE_BYTES of the current line: a longer line
 * is replaced by a NUL and its number noted. csv-parse reads nothing more of a file after a record over its
 * max_record_size, so one over-long line would otherwise lose every row after it. Line breaks are counted as
 * csv-parse counts them (\r\n, \r or \n).
 */
class LineGuard extends Transform {
  readonly longLines: number[] = [];
  private line = 1;
  private held: Buffer[] = [];
  private heldBytes = 0;
  private overLong = false;
  private afterCr = false;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const out: Buffer[] = [];
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (byte !== LF && byte !== CR) continue;
      if (byte === LF && i === start && this.afterCr) {
        // The \n of a \r\n: the line was counted at its \r.
        out.push(chunk.subarray(i, i + 1));
      } else {
        this.endLine(chunk.subarray(start, i), out);
        out.push(chunk.subarray(i, i + 1));
      }
      this.afterCr = byte === CR;
      start = i + 1;
    }
    if (start < chunk.length) {
      this.afterCr = false;
      this.hold(chunk.subarray(start));
    }
    done(null, Buffer.concat(out));
  }

  override _flush(done: TransformCallback): void {
    const out: Buffer[] = [];
    if (this.overLong || this.heldBytes > 0) this.endLine(Buffer.alloc(0), out);
    done(null, Buffer.concat(out));
  }

  private hold(part: Buffer): void {
    if (this.overLong) return;
    if (this.heldBytes + part.length > MAX_LINE_BYTES) {
      this.overLong = true;
      this.longLines.push(this.line);
      this.held = [];
      this.heldBytes = 0;
    } else {
      this.held.push(part);
      this.heldBytes += part.length;
    }
  }

  private endLine(last: Buffer, out: Buffer[]): void {
    this.hold(last);
    out.push(...(this.overLong ? [NUL] : this.held));
    this.held = [];
    this.heldBytes = 0;
    this.overLong = false;
    this.line += 1;
  }
}

export interface CsvRecord {
  record: string[];
  info: { lines: number };
}

/**
 * The records of a CSV stream with the line each ends on, read with backpressure; the first is the header.
 * Each bad record is reported once and skipped, never the whole upload: a malformed one (an unclosed quote,
 * say), a line over MAX_LINE_BYTES, one with a NUL (PostgreSQL text cannot hold it), or bytes that are not
 * UTF-8 in a UTF-8 file. A file that is not UTF-8 is read as Windows-1252 (`problems.encoding` says so).
 */
export async function* csvRecords(source: Readable, problems: ProblemList): AsyncGenerator<CsvRecord> {
  const decoder = new UploadDecoder();
  const guard = new LineGuard();
  // max_record_size now bounds only records spanning lines in quotes, in practice an unclosed quote.
  const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true, max_record_size: MAX_LINE_BYTES, skip_records_with_error: true });
  let lastSkippedLine: number | undefined;
  let parserStopped = false;
  parser.on('skip', (error: CsvError & { lines?: number }) => {
    const line = error.lines ?? 0;
    // One bad record can break several rules, and an over-size one fails again on every later chunk.
    if (parserStopped || line === lastSkippedLine) return;
    lastSkippedLine = line;
    parserStopped = error.code === 'CSV_MAX_RECORD_SIZE';
    const reason = parserStopped
      ? `is a quoted field over ${MAX_LINE_BYTES} bytes (an unclosed quote?); the lines after it were not read`
      : error.message;
    problems.rejectedRecords += 1;
    problems.reject(line, [{ field: 'row', reason }]);
  });
  source.on('error', (error) => decoder.destroy(error));
  decoder.on('error', (error) => guard.destroy(error));
  guard.on('error', (error) => parser.destroy(error));
  source.pipe(decoder).pipe(guard).pipe(parser);

  let header = true;
  for await (const { record, info } of parser as AsyncIterable<CsvRecord>) {
    let reason: string | undefined;
    // A replaced line inside quotes belongs to the record that ends after it.
    if ((guard.longLines[0] ?? Infinity) <= info.lines) {
      while ((guard.longLines[0] ?? Infinity) <= info.lines) guard.longLines.shift();
      reason = `is longer than ${MAX_LINE_BYTES} bytes`;
    } else if (record.some((cell) => cell.includes('\0'))) {
      reason = 'has a NUL byte (0x00), which cannot be stored';
    } else if (decoder.invalidUtf8 && record.some((cell) => cell.includes('\uFFFD'))) {
      reason = 'has bytes that are not UTF-8 (the rest of the file is)';
    }
    if (reason && header) throw new CsvHeaderError(`the header row ${reason}; save the file as CSV (UTF-8)`);
    header = false;
    if (reason) {
      problems.rejectedRecords += 1;
      problems.reject(info.lines, [{ field: 'row', reason }]);
      continue;
    }
    yield { record, info };
  }
  problems.encoding = decoder.encoding;
}
