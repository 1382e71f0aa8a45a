import type { Readable } from 'node:stream';
import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { ContactRepository, type ContactRecord, DncRepository } from '../../../../libs/db/src';
import { CampaignsService } from '../campaigns/campaigns.service';
import type { ContactsQueryDto, CreateContactDto, UpdateContactDto } from './contact.dto';
import { normaliseContact } from './contact-input';
import { type ImportReport, importContactsCsv } from './csv-import';

@Injectable()
export class ContactsService {
  constructor(
    private readonly contacts: ContactRepository,
    private readonly dnc: DncRepository,
    private readonly campaigns: CampaignsService,
  ) {}

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
    const created = await this.contacts.insertMany(organizationId, campaignId, unique);
    return { created: created.length, skippedDuplicates: rows.length - created.length, contacts: created };
  }

  /** Streams a CSV into the campaign; see importContactsCsv for what is kept and reported. */
  async importCsv(organizationId: string, campaignId: string, source: Readable): Promise<ImportReport> {
    await this.campaigns.get(organizationId, campaignId);
    return importContactsCsv(source, async (batch) => {
      const inserted = await this.contacts.insertMany(organizationId, campaignId, batch);
      const onDnc = await this.dnc.countListed(organizationId, inserted.map((row) => row.phone));
      return { inserted: inserted.length, onDnc };
    });
  }

  async list(organizationId: string, query: ContactsQueryDto) {
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    const { contacts, total } = await this.contacts.list(organizationId, {
      campaignId: query.campaign_id,
      status: query.status,
      text: query.q,
      limit,
      offset,
    });
    return { contacts, total, limit, offset };
  }

  async get(organizationId: string, id: string): Promise<ContactRecord> {
    const contact = await this.contacts.find(organizationId, id);
    if (!contact) throw new NotFoundException(`Contact ${id} not found`);
    return contact;
  }

  async update(organizationId: string, id: string, dto: UpdateContactDto): Promise<ContactRecord> {
    const current = await this.get(organizationId, id);
    const normalised = normaliseContact({ ...current, timezone: current.timezone ?? undefined, ...dto });
    if ('problems' in normalised) throw new BadRequestException(normalised.problems.map((p) => `${p.field} ${p.reason}`));
    const { values } = normalised;
    if (values.phone !== current.phone && (await this.contacts.phoneInCampaign(current.campaignId, values.phone))) {
      throw new ConflictException(`phone: ${values.phone} is already a contact of this campaign`);
    }
    await this.contacts.update(organizationId, id, values);
    return this.get(organizationId, id);
  }

  /** A contact being dialled, or with call records, stays: the records are the evidence of every call. */
  async remove(organizationId: string, id: string): Promise<void> {
    const contact = await this.get(organizationId, id);
    if (!(await this.contacts.deleteUnlessCalled(organizationId, id))) {
      throw new ConflictException(
        contact.status === 'dialing'
          ? `Contact ${id} is being dialled; try again when the call ends`
          : `Contact ${id} has call records and is kept; add ${contact.phone} to the DNC list to stop calls`,
      );
    }
  }
}
