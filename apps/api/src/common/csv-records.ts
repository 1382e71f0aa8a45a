import type { Readable } from 'node:stream';
import { BadRequestException } from '@nestjs/common';
import { type CsvError, parse } from 'csv-parse';

/** One rejected line of an uploaded file, by its line number (the header is line 1). */
export interface RowProblem {
  line: number;
  field: string;
  reason: string;
}

export const MAX_REPORTED_PROBLEMS = 10_000;

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
  /** Records the parser could not read at all (they count as rows of the file too). */
  malformedRecords = 0;
  truncated = false;

  reject(line: number, problems: { field: string; reason: string }[]): void {
    this.invalidRows += 1;
    for (const problem of problems) {
      if (this.problems.length >= MAX_REPORTED_PROBLEMS) this.truncated = true;
      else this.problems.push({ line, ...problem });
    }
  }

  /** The report's share of an upload, given the rows the caller read (malformed records count as rows too). */
  summary(rowsRead: number): { rows: number; invalidRows: number; problems: RowProblem[]; problemsTruncated: boolean } {
    return {
      rows: rowsRead + this.malformedRecords,
      invalidRows: this.invalidRows,
      // Malformed records are announced before the rows still buffered ahead of them are read.
      problems: this.problems.sort((a, b) => a.line - b.line),
      problemsTruncated: this.truncated,
    };
  }
}

/**
 * The records of a CSV stream with the line each ends on, read with backpressure. A malformed record
 * (an unclosed quote, say) is skipped and reported: an error would drop the rows read before it.
 */
export function csvRecords(source: Readable, problems: ProblemList): AsyncIterable<{ record: string[]; info: { lines: number } }> {
  const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true, max_record_size: 65_536, skip_records_with_error: true });
  parser.on('skip', (error: CsvError & { lines?: number }) => {
    problems.malformedRecords += 1;
    problems.reject(error.lines ?? 0, [{ field: 'row', reason: error.message }]);
  });
  source.on('error', (error) => parser.destroy(error));
  return source.pipe(parser);
}
