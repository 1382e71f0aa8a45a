import type { Readable } from 'node:stream';
import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { DncRepository, type DncEntryRecord } from '../../../../libs/db/src';
import { CsvHeaderError, ProblemList, type RowProblem, type UploadEncoding, columnKey, csvRecords } from '../common/csv-records';
import { toE164 } from '../common/phone';

export interface BulkDncResult {
  added: number;
  duplicates: number;
  errors: { field: string; value: string; reason: string }[];
}

export interface DncUploadReport {
  rows: number;
  added: number;
  /** Already listed, or repeated in the file. */
  duplicates: number;
  invalidRows: number;
  problems: RowProblem[];
  problemsTruncated: boolean;
  /** How the file's bytes were read: 'windows-1252' when they were not UTF-8. */
  encoding: UploadEncoding;
}

const UPLOAD_BATCH = 1_000;

/** The organization's do-not-call list; every dial checks it at dial time. */
@Injectable()
export class DncService {
  constructor(private readonly dnc: DncRepository) {}

  list(organizationId: string, limit = 100, offset = 0): Promise<DncEntryRecord[]> {
    return this.dnc.list(organizationId, limit, offset);
  }

  /** Idempotent: adding a number already listed returns its entry. */
  async add(organizationId: string, phone: string, reason = ''): Promise<{ entry: DncEntryRecord; created: boolean }> {
    const normalised = toE164(phone);
    if (!normalised) throw new BadRequestException('phone: not a valid phone number');
    const added = await this.dnc.addMany(organizationId, [{ phone: normalised, reason }], 'manual');
    const entry = await this.dnc.findByPhone(organizationId, normalised);
    if (!entry) throw new NotFoundException(`DNC entry for ${normalised} was removed while it was added`);
    return { entry, created: added > 0 };
  }

  /** Every valid number is added; each invalid one is reported with its position. */
  async addMany(organizationId: string, phones: string[], reason = ''): Promise<BulkDncResult> {
    const errors: BulkDncResult['errors'] = [];
    const valid = new Set<string>();
    phones.forEach((raw, index) => {
      const normalised = toE164(raw);
      if (normalised) valid.add(normalised);
      else errors.push({ field: `phones.${index}`, value: raw, reason: 'not a valid phone number' });
    });
    const added = valid.size ? await this.dnc.addMany(organizationId, [...valid].map((phone) => ({ phone, reason })), 'bulk') : 0;
    return { added, duplicates: phones.length - errors.length - added, errors };
  }

  /**
   * A CSV of numbers (a `phone` column, optionally `reason`), streamed and stored in batches; every valid
   * number is listed, every bad line reported.
   */
  async importCsv(organizationId: string, source: Readable): Promise<DncUploadReport> {
    const problems = new ProblemList();
    const counts = { rows: 0, added: 0, duplicates: 0 };
    let columns: { phone: number; reason: number } | undefined;
    let batch: { phone: string; reason: string }[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      const added = await this.dnc.addMany(organizationId, batch, 'upload');
      counts.added += added;
      counts.duplicates += batch.length - added;
      batch = [];
    };
    const inFile = new Set<string>();
    for await (const { record, info } of csvRecords(source, problems)) {
      if (!columns) {
        const keys = record.map(columnKey);
        const phone = keys.findIndex((key) => key === 'phone' || key === 'phonenumber');
        if (phone < 0) throw new CsvHeaderError('the header has no phone column (expected e.g. phone,reason)');
        columns = { phone, reason: keys.indexOf('reason') };
        continue;
      }
      counts.rows += 1;
      const raw = (record[columns.phone] ?? '').trim();
      const phone = raw ? toE164(raw) : undefined;
      if (!phone) {
        problems.reject(info.lines, [{ field: 'phone', reason: raw ? `"${raw.slice(0, 40)}" is not a valid phone number` : 'is required' }]);
        continue;
      }
      if (inFile.has(phone)) {
        counts.duplicates += 1;
        continue;
      }
      inFile.add(phone);
      batch.push({ phone, reason: (record[columns.reason] ?? '').trim().slice(0, 500) });
      if (batch.length >= UPLOAD_BATCH) await flush();
    }
    await flush();
    if (!columns) throw new CsvHeaderError('no readable header row; expected e.g. phone,reason');
    return { ...counts, ...problems.summary(counts.rows) };
  }

  async remove(organizationId: string, id: string): Promise<void> {
    if (!(await this.dnc.delete(organizationId, id))) throw new NotFoundException(`DNC entry ${id} not found`);
  }
}
