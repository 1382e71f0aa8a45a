import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { Contact } from '../../../../libs/db/src';
import { CampaignsService } from '../campaigns/campaigns.service';
import { toE164 } from '../common/phone';
import type { CreateContactDto } from './contact.dto';

function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

@Injectable()
export class ContactsService {
  constructor(
    @InjectRepository(Contact) private readonly contacts: Repository<Contact>,
    private readonly campaigns: CampaignsService,
  ) {}

  /** Adds contacts to a campaign; a number already in the campaign is skipped, not duplicated. */
  async add(organizationId: string, campaignId: string, input: CreateContactDto[]) {
    await this.campaigns.get(organizationId, campaignId);
    const rows = input.map((dto, index) => {
      const phone = toE164(dto.phone);
      if (!phone) throw new BadRequestException(`contacts.${index}.phone: not a valid phone number`);
      if (dto.timezone && !isKnownTimeZone(dto.timezone)) {
        throw new BadRequestException(`contacts.${index}.timezone: unknown IANA time zone`);
      }
      return {
        organizationId,
        campaignId,
        phone,
        firstName: dto.firstName ?? '',
        lastName: dto.lastName ?? '',
        email: dto.email ?? '',
        company: dto.company ?? '',
        timezone: dto.timezone ?? null,
        timezoneSource: dto.timezone ? ('contact' as const) : null,
        customFields: dto.customFields ?? {},
      };
    });
    const result = await this.contacts
      .createQueryBuilder()
      .insert()
      .into(Contact)
      .values(rows)
      .orIgnore()
      .returning(['id', 'phone'])
      .execute();
    const created = result.raw as { id: string; phone: string }[];
    return { created: created.length, skippedDuplicates: rows.length - created.length, contacts: created };
  }

  list(organizationId: string, campaignId?: string) {
    return this.contacts.find({
      where: campaignId ? { organizationId, campaignId } : { organizationId },
      order: { createdAt: 'ASC' },
      take: 1000,
    });
  }
}
