import type { Readable } from 'node:stream';
import { type CsvError, parse } from 'csv-parse';
import { type ContactInput, type ContactValues, type FieldProblem, MAX_CUSTOM_FIELDS, normaliseContact } from './contact-input';

/** One rejected line of the file, by its line number (the header is line 1). */
export interface RowProblem extends FieldProblem {
  line: number;
}

export interface ImportReport {
  /** Data rows read (the header not counted). */
  rows: number;
  imported: number;
  duplicatesInFile: number;
  duplicatesInCampaign: number;
  /** Imported, but on the organization's do-not-call list: they will not be dialled. */
  onDncList: number;
  invalidRows: number;
  /** One entry per problem of an invalid row, up to MAX_REPORTED_PROBLEMS. */
  problems: RowProblem[];
  problemsTruncated: boolean;
}

/** Stores a batch of normalised contacts; answers the phones it inserted and those on the DNC list. */
export type ContactSink = (batch: ContactValues[]) => Promise<{ inserted: number; onDnc: number }>;

export const MAX_REPORTED_PROBLEMS = 10_000;
const BATCH_SIZE = 1_000;

/** Header spellings of the known columns; any other column becomes a custom field. */
const KNOWN_COLUMNS: Record<string, keyof ContactInput> = {
  firstname: 'firstName',
  lastname: 'lastName',
  phone: 'phone',
  phonenumber: 'phone',
  email: 'email',
  company: 'company',
  timezone: 'timezone',
};

export class CsvHeaderError extends Error {}

function columnKey(header: string): string {
  return header.toLowerCase().replace(/[\s_-]/g, '');
}

function readHeader(cells: string[]): { known: (keyof ContactInput | undefined)[]; names: string[] } {
  const names = cells.map((cell) => cell.trim());
  const known = names.map((name) => KNOWN_COLUMNS[columnKey(name)]);
  if (!known.includes('phone')) throw new CsvHeaderError('the header has no phone column (expected e.g. first_name,last_name,phone,email,company)');
  if (names.length - known.filter(Boolean).length > MAX_CUSTOM_FIELDS) throw new CsvHeaderError(`more than ${MAX_CUSTOM_FIELDS} custom columns`);
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(columnKey(name))) throw new CsvHeaderError(`column "${name}" appears twice`);
    seen.add(columnKey(name));
  }
  return { known, names };
}

/**
 * Streams a contacts CSV into the sink in batches, so memory stays bounded by the batch (plus the set of
 * phones seen, which keeps a file's duplicates out). Every good row is kept; every bad one is reported.
 */
export async function importContactsCsv(source: Readable, sink: ContactSink): Promise<ImportReport> {
  const report: ImportReport = {
    rows: 0,
    imported: 0,
    duplicatesInFile: 0,
    duplicatesInCampaign: 0,
    onDncList: 0,
    invalidRows: 0,
    problems: [],
    problemsTruncated: false,
  };
  // A malformed record (say an unclosed quote) is skipped and reported; an error would drop the rows read before it.
  const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true, max_record_size: 65_536, skip_records_with_error: true });
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);
  const seen = new Set<string>();
  let header: ReturnType<typeof readHeader> | undefined;
  let batch: ContactValues[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const { inserted, onDnc } = await sink(batch);
    report.imported += inserted;
    report.duplicatesInCampaign += batch.length - inserted;
    report.onDncList += onDnc;
    batch = [];
  };
  const reject = (line: number, problems: FieldProblem[]) => {
    report.invalidRows += 1;
    for (const problem of problems) {
      if (report.problems.length >= MAX_REPORTED_PROBLEMS) report.problemsTruncated = true;
      else report.problems.push({ line, ...problem });
    }
  };
  parser.on('skip', (error: CsvError & { lines?: number }) => {
    report.rows += 1;
    reject(error.lines ?? 0, [{ field: 'row', reason: error.message }]);
  });
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    if (!header) {
      header = readHeader(record);
      continue;
    }
    report.rows += 1;
    if (record.length > header.names.length) {
      reject(info.lines, [{ field: 'row', reason: `has ${record.length} fields; the header has ${header.names.length}` }]);
      continue;
    }
    const input: ContactInput = {};
    const customFields: Record<string, string> = {};
    record.forEach((cell, index) => {
      const known = header?.known[index];
      if (known && known !== 'customFields') input[known] = cell;
      else if (cell.trim()) customFields[header?.names[index] ?? ''] = cell.trim();
    });
    input.customFields = customFields;
    const normalised = normaliseContact(input);
    if ('problems' in normalised) {
      reject(info.lines, normalised.problems);
      continue;
    }
    if (seen.has(normalised.values.phone)) {
      report.duplicatesInFile += 1;
      continue;
    }
    seen.add(normalised.values.phone);
    batch.push(normalised.values);
    if (batch.length >= BATCH_SIZE) await flush();
  }
  await flush();
  // Skipped records are announced before the rows still buffered ahead of them are read.
  report.problems.sort((a, b) => a.line - b.line);
  if (!header) throw new CsvHeaderError('no readable header row; expected e.g. first_name,last_name,phone,email,company');
  return report;
}
