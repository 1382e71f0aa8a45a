import type { Readable } from 'node:stream';
import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, type DataSource } from 'typeorm';
import { Contact } from '../../../../libs/db/src';
import { CampaignsService } from '../campaigns/campaigns.service';
import type { ContactsQueryDto, CreateContactDto, UpdateContactDto } from './contact.dto';
import { type ContactValues, normaliseContact } from './contact-input';
import { type ImportReport, importContactsCsv } from './csv-import';

@Injectable()
export class ContactsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly campaigns: CampaignsService,
  ) {}

  /** One insert for many rows; a number already in the campaign is skipped. Answers the inserted rows. */
  private async insert(organizationId: string, campaignId: string, rows: ContactValues[]): Promise<{ id: string; phone: string }[]> {
    return (await this.db.query(
      `INSERT INTO contacts (organization_id, campaign_id, first_name, last_name, phone, email, company, timezone, timezone_source, custom_fields)
       SELECT $1, $2, * FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::jsonb[])
       ON CONFLICT (campaign_id, phone) DO NOTHING RETURNING id, phone`,
      [
        organizationId,
        campaignId,
        rows.map((r) => r.firstName),
        rows.map((r) => r.lastName),
        rows.map((r) => r.phone),
        rows.map((r) => r.email),
        rows.map((r) => r.company),
        rows.map((r) => r.timezone),
        rows.map((r) => r.timezoneSource),
        rows.map((r) => JSON.stringify(r.customFields)),
      ],
    )) as { id: string; phone: string }[];
  }

  /** Adds contacts to a campaign; the request is refused whole when any contact is invalid. */
  async add(organizationId: string, campaignId: string, input: CreateContactDto[]) {
    await this.campaigns.get(organizationId, campaignId);
    const rows = input.map((dto, index) => {
      const normalised = normaliseContact(dto);
      if ('problems' in normalised) {
        throw new BadRequestException(normalised.problems.map((p) => `contacts.${index}.${p.field} ${p.reason}`));
      }
      return normalised.values;
    });
    const unique = [...new Map(rows.map((row) => [row.phone, row])).values()];
    const created = await this.insert(organizationId, campaignId, unique);
    return { created: created.length, skippedDuplicates: rows.length - created.length, contacts: created };
  }

  /** Streams a CSV into the campaign; see importContactsCsv for what is kept and reported. */
  async importCsv(organizationId: string, campaignId: string, source: Readable): Promise<ImportReport> {
    await this.campaigns.get(organizationId, campaignId);
    return importContactsCsv(source, async (batch) => {
      const inserted = await this.insert(organizationId, campaignId, batch);
      const [{ n }] = (await this.db.query(
        'SELECT count(*)::int AS n FROM dnc_entries WHERE organization_id = $1 AND phone = ANY($2)',
        [organizationId, inserted.map((row) => row.phone)],
      )) as [{ n: number }];
      return { inserted: inserted.length, onDnc: n };
    });
  }

  async list(organizationId: string, query: ContactsQueryDto) {
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    const select = this.db.getRepository(Contact).createQueryBuilder('contact').where('contact.organizationId = :organizationId', { organizationId });
    if (query.campaign_id) select.andWhere('contact.campaignId = :campaignId', { campaignId: query.campaign_id });
    if (query.status) select.andWhere('contact.status = :status', { status: query.status });
    if (query.q) {
      const pattern = `%${query.q.replace(/[\\%_]/g, '\\$&')}%`;
      select.andWhere(
        new Brackets((any) =>
          any
            .where('contact.phone LIKE :pattern')
            .orWhere("(contact.firstName || ' ' || contact.lastName) ILIKE :pattern")
            .orWhere('contact.email ILIKE :pattern'),
        ),
        { pattern },
      );
    }
    const [contacts, total] = await select.orderBy('contact.createdAt', 'ASC').addOrderBy('contact.id', 'ASC').take(limit).skip(offset).getManyAndCount();
    return { contacts, total, limit, offset };
  }

  async get(organizationId: string, id: string): Promise<Contact> {
    const contact = await this.db.getRepository(Contact).findOneBy({ id, organizationId });
    if (!contact) throw new NotFoundException(`Contact ${id} not found`);
    return contact;
  }

  async update(organizationId: string, id: string, dto: UpdateContactDto): Promise<Contact> {
    const current = await this.get(organizationId, id);
    const normalised = normaliseContact({ ...current, timezone: current.timezone ?? undefined, ...dto });
    if ('problems' in normalised) throw new BadRequestException(normalised.problems.map((p) => `${p.field} ${p.reason}`));
    const { values } = normalised;
    if (values.phone !== current.phone && (await this.db.getRepository(Contact).existsBy({ campaignId: current.campaignId, phone: values.phone }))) {
      throw new ConflictException(`phone: ${values.phone} is already a contact of this campaign`);
    }
    await this.db.getRepository(Contact).update({ id, organizationId }, values);
    return this.get(organizationId, id);
  }

  /**
   * A contact being dialled, or with call records, stays: the records are the evidence of every call.
   * The check and the delete are one statement, so a dial cannot slip in between.
   */
  async remove(organizationId: string, id: string): Promise<void> {
    const contact = await this.get(organizationId, id);
    const deleted = (await this.db.query(
      `DELETE FROM contacts ct WHERE ct.id = $1 AND ct.organization_id = $2 AND ct.status <> 'dialing'
          AND NOT EXISTS (SELECT 1 FROM calls c WHERE c.contact_id = ct.id) RETURNING id`,
      [id, organizationId],
    )) as [{ id: string }[], number];
    if (deleted[1] === 0) {
      throw new ConflictException(
        contact.status === 'dialing'
          ? `Contact ${id} is being dialled; try again when the call ends`
          : `Contact ${id} has call records and is kept; add ${contact.phone} to the DNC list to stop calls`,
      );
    }
  }
}
