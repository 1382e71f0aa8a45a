import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { DataSource, Repository } from 'typeorm';
import type { CampaignStatus } from '../../../../libs/contracts/src';
import { Campaign, Script } from '../../../../libs/db/src';
import { definedFields } from '../common/dto';
import type { CreateCampaignDto, UpdateCampaignDto } from './campaign.dto';
import { type CallMetrics, callMetrics } from './campaign-performance';

@Injectable()
export class CampaignsService {
  constructor(
    @InjectRepository(Campaign) private readonly campaigns: Repository<Campaign>,
    @InjectRepository(Script) private readonly scripts: Repository<Script>,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  /** Another organization's campaign is answered exactly like a missing one. */
  async get(organizationId: string, id: string): Promise<Campaign> {
    const campaign = await this.campaigns.findOneBy({ id, organizationId });
    if (!campaign) throw new NotFoundException(`Campaign ${id} not found`);
    return campaign;
  }

  list(organizationId: string, status?: CampaignStatus): Promise<Campaign[]> {
    return this.campaigns.find({ where: { organizationId, ...(status ? { status } : {}) }, order: { createdAt: 'DESC' } });
  }

  /** A campaign with call records is archived, never deleted: the records are the evidence of every dial. */
  async remove(organizationId: string, id: string): Promise<'archived' | 'deleted'> {
    await this.get(organizationId, id);
    const [{ calls }] = (await this.db.query('SELECT count(*)::int AS calls FROM calls WHERE campaign_id = $1', [id])) as [{ calls: number }];
    if (calls > 0) {
      await this.campaigns.update({ id, organizationId }, { status: 'archived' });
      return 'archived';
    }
    await this.campaigns.delete({ id, organizationId });
    return 'deleted';
  }

  /** Call metrics of the campaign, optionally of calls created in [from, to); contacts by status now. */
  async performance(organizationId: string, id: string, range: { from?: Date; to?: Date } = {}): Promise<CallMetrics & { contacts: Record<string, number> }> {
    await this.get(organizationId, id);
    const contacts = (await this.db.query(
      'SELECT status, count(*)::int AS n FROM contacts WHERE campaign_id = $1 GROUP BY status',
      [id],
    )) as { status: string; n: number }[];
    return {
      ...(await callMetrics(this.db, 'c.campaign_id = $1 AND c.organization_id = $2 AND c.created_at >= $3 AND c.created_at < $4', [
        id,
        organizationId,
        range.from ?? new Date(0),
        range.to ?? new Date('9999-01-01T00:00:00Z'),
      ])),
      contacts: Object.fromEntries(contacts.map((row) => [row.status, row.n])),
    };
  }

  private async checkScript(organizationId: string, scriptId: string | undefined): Promise<void> {
    if (scriptId && !(await this.scripts.existsBy({ id: scriptId, organizationId }))) {
      throw new NotFoundException(`Script ${scriptId} not found`);
    }
  }

  /** Call settings are merged field by field; a running campaign has already saved them through its workflow. */
  async update(organizationId: string, id: string, dto: UpdateCampaignDto): Promise<Campaign> {
    const campaign = await this.get(organizationId, id);
    await this.checkScript(organizationId, dto.scriptId);
    await this.campaigns.update(
      { id: campaign.id, organizationId },
      {
        ...(dto.name !== undefined ? { name: dto.name } : {}),
        ...(dto.description !== undefined ? { description: dto.description } : {}),
        ...(dto.scriptId !== undefined ? { scriptId: dto.scriptId } : {}),
        ...(dto.callerId !== undefined ? { callerId: dto.callerId } : {}),
        ...(dto.callingWindow ? { callingWindow: { ...dto.callingWindow } } : {}),
      },
    );
    if (dto.callSettings) {
      const fresh = await this.get(organizationId, id);
      await this.campaigns.update({ id: campaign.id, organizationId }, { callSettings: { ...fresh.callSettings, ...definedFields(dto.callSettings) } });
    }
    return this.get(organizationId, id);
  }

  async create(organizationId: string, dto: CreateCampaignDto): Promise<Campaign> {
    await this.checkScript(organizationId, dto.scriptId);
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
