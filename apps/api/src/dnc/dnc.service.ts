import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DncEntry } from '../../../../libs/db/src';
import { toE164 } from '../common/phone';

export interface BulkDncResult {
  added: number;
  duplicates: number;
  errors: { field: string; value: string; reason: string }[];
}

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

  async remove(organizationId: string, id: string): Promise<void> {
    const result = await this.db.getRepository(DncEntry).delete({ id, organizationId });
    if (!result.affected) throw new NotFoundException(`DNC entry ${id} not found`);
  }
}
