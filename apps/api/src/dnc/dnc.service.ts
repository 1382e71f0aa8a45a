import type { Readable } from 'node:stream';
import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DncEntry } from '../../../../libs/db/src';
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
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  list(organizationId: string, limit = 100, offset = 0): Promise<DncEntry[]> {
    return this.db.getRepository(DncEntry).find({ where: { organizationId }, order: { createdAt: 'DESC', id: 'ASC' }, take: limit, skip: offset });
  }

  /** Idempotent: adding a number already listed returns its entry. */
  async add(organizationId: string, phone: string, reason = ''): Promise<{ entry: DncEntry; created: boolean }> {
    const normalised = toE164(phone);
    if (!normalised) throw new BadRequestException('phone: not a valid phone number');
    const inserted = (await this.db.query(
      `INSERT INTO dnc_entries (organization_id, phone, reason, source) VALUES ($1, $2, $3, 'manual')
       ON CONFLICT (organization_id, phone) DO NOTHING RETURNING id`,
      [organizationId, normalised, reason],
    )) as { id: string }[];
    const entry = await this.db.getRepository(DncEntry).findOneByOrFail({ organizationId, phone: normalised });
    return { entry, created: inserted.length > 0 };
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
    const inserted = valid.size
      ? ((await this.db.query(
          `INSERT INTO dnc_entries (organization_id, phone, reason, source)
           SELECT $1, unnest($2::text[]), $3, 'bulk'
           ON CONFLICT (organization_id, phone) DO NOTHING RETURNING id`,
          [organizationId, [...valid], reason],
        )) as { id: string }[])
      : [];
    return { added: inserted.length, duplicates: phones.length - errors.length - inserted.length, errors };
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
      const inserted = (await this.db.query(
        `INSERT INTO dnc_entries (organization_id, phone, reason, source)
         SELECT $1, phone, reason, 'upload' FROM unnest($2::text[], $3::text[]) AS t(phone, reason)
         ON CONFLICT (organization_id, phone) DO NOTHING RETURNING id`,
        [organizationId, batch.map((row) => row.phone), batch.map((row) => row.reason)],
      )) as { id: string }[];
      counts.added += inserted.length;
      counts.duplicates += batch.length - inserted.length;
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
    const result = await this.db.getRepository(DncEntry).delete({ id, organizationId });
    if (!result.affected) throw new NotFoundException(`DNC entry ${id} not found`);
  }
}
