import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { Campaign, Script } from '../../../../libs/db/src';
import type { CreateCampaignDto } from './campaign.dto';

@Injectable()
export class CampaignsService {
  constructor(
    @InjectRepository(Campaign) private readonly campaigns: Repository<Campaign>,
    @InjectRepository(Script) private readonly scripts: Repository<Script>,
  ) {}

  /** Another organization's campaign is answered exactly like a missing one. */
  async get(organizationId: string, id: string): Promise<Campaign> {
    const campaign = await this.campaigns.findOneBy({ id, organizationId });
    if (!campaign) throw new NotFoundException(`Campaign ${id} not found`);
    return campaign;
  }

  list(organizationId: string): Promise<Campaign[]> {
    return this.campaigns.find({ where: { organizationId }, order: { createdAt: 'DESC' } });
  }

  async create(organizationId: string, dto: CreateCampaignDto): Promise<Campaign> {
    if (dto.scriptId && !(await this.scripts.existsBy({ id: dto.scriptId, organizationId }))) {
      throw new NotFoundException(`Script ${dto.scriptId} not found`);
    }
    return this.campaigns.save(
      this.campaigns.create({
        organizationId,
        name: dto.name,
        type: dto.type ?? 'sales',
        status: dto.status ?? 'active',
        description: dto.description ?? '',
        scriptId: dto.scriptId ?? null,
        callSettings: { ...dto.callSettings },
        callingWindow: dto.callingWindow ? { ...dto.callingWindow } : null,
        callerId: dto.callerId ?? '',
      }),
    );
  }
}
