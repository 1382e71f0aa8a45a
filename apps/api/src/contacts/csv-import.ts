import type { Readable } from 'node:stream';
import { CsvHeaderError, ProblemList, type RowProblem, type UploadEncoding, columnKey, csvRecords } from '../common/csv-records';
import { type ContactInput, type ContactValues, MAX_CUSTOM_FIELDS, normaliseContact } from './contact-input';

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
  /** How the file's bytes were read: 'windows-1252' when they were not UTF-8. */
  encoding: UploadEncoding;
}

/** Stores a batch of normalised contacts; answers the phones it inserted and those on the DNC list. */
export type ContactSink = (batch: ContactValues[]) => Promise<{ inserted: number; onDnc: number }>;

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
  const counts = { rows: 0, imported: 0, duplicatesInFile: 0, duplicatesInCampaign: 0, onDncList: 0 };
  const problems = new ProblemList();
  const seen = new Set<string>();
  let header: ReturnType<typeof readHeader> | undefined;
  let batch: ContactValues[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const { inserted, onDnc } = await sink(batch);
    counts.imported += inserted;
    counts.duplicatesInCampaign += batch.length - inserted;
    counts.onDncList += onDnc;
    batch = [];
  };
  for await (const { record, info } of csvRecords(source, problems)) {
    if (!header) {
      header = readHeader(record);
      continue;
    }
    counts.rows += 1;
    if (record.length > header.names.length) {
      problems.reject(info.lines, [{ field: 'row', reason: `has ${record.length} fields; the header has ${header.names.length}` }]);
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
      problems.reject(info.lines, normalised.problems);
      continue;
    }
    if (seen.has(normalised.values.phone)) {
      counts.duplicatesInFile += 1;
      continue;
    }
    seen.add(normalised.values.phone);
    batch.push(normalised.values);
    if (batch.length >= BATCH_SIZE) await flush();
  }
  await flush();
  if (!header) throw new CsvHeaderError('no readable header row; expected e.g. first_name,last_name,phone,email,company');
  return { ...counts, ...problems.summary(counts.rows) };
}
