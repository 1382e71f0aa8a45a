import { Injectable, NotFoundException } from '@nestjs/common';
import { type CampaignStatus, type HandoffSettings, withHandoffDefaults } from '../../../../libs/contracts/src';
import { type CallMetrics, CallRepository, type CampaignRecord, CampaignRepository, ScriptRepository } from '../../../../libs/db/src';
import { definedFields } from '../common/dto';
import type { CreateCampaignDto, UpdateCampaignDto } from './campaign.dto';

@Injectable()
export class CampaignsService {
  constructor(
    private readonly campaigns: CampaignRepository,
    private readonly scripts: ScriptRepository,
    private readonly calls: CallRepository,
  ) {}

  /** Another organization's campaign is answered exactly like a missing one. */
  async get(organizationId: string, id: string): Promise<CampaignRecord> {
    const campaign = await this.campaigns.findInOrganization(organizationId, id);
    if (!campaign) throw new NotFoundException(`Campaign ${id} not found`);
    return campaign;
  }

  list(organizationId: string, status?: CampaignStatus): Promise<CampaignRecord[]> {
    return this.campaigns.list(organizationId, status);
  }

  /** A campaign with call records is archived, never deleted: the records are the evidence of every dial. */
  async remove(organizationId: string, id: string): Promise<'archived' | 'deleted'> {
    await this.get(organizationId, id);
    return this.campaigns.archiveOrDelete(organizationId, id);
  }

  /** Call metrics of the campaign, optionally of calls created in [from, to); contacts by status now. */
  async performance(organizationId: string, id: string, range: { from?: Date; to?: Date } = {}): Promise<CallMetrics & { contacts: Record<string, number> }> {
    await this.get(organizationId, id);
    const [metrics, contacts] = await Promise.all([
      this.calls.metrics({ organizationId, campaignId: id, from: range.from, to: range.to }),
      this.campaigns.contactsByStatus(id),
    ]);
    return { ...metrics, contacts };
  }

  private async checkScript(organizationId: string, scriptId: string | undefined): Promise<void> {
    if (scriptId && !(await this.scripts.find(organizationId, scriptId))) throw new NotFoundException(`Script ${scriptId} not found`);
  }

  /** Call settings are merged field by field; a running campaign has already saved them through its workflow. */
  async update(organizationId: string, id: string, dto: UpdateCampaignDto): Promise<CampaignRecord> {
    await this.get(organizationId, id);
    await this.checkScript(organizationId, dto.scriptId);
    const updated = await this.campaigns.update(organizationId, id, {
      name: dto.name,
      description: dto.description,
      scriptId: dto.scriptId,
      callerId: dto.callerId,
      callingWindow: dto.callingWindow ? { ...dto.callingWindow } : undefined,
      callSettings: dto.callSettings ? definedFields(dto.callSettings) : undefined,
      handoff: dto.handoff === undefined ? undefined : storedHandoff(dto.handoff),
    });
    if (!updated) throw new NotFoundException(`Campaign ${id} not found`);
    return updated;
  }

  async create(organizationId: string, dto: CreateCampaignDto): Promise<CampaignRecord> {
    await this.checkScript(organizationId, dto.scriptId);
    return this.campaigns.create({
      organizationId,
      name: dto.name,
      type: dto.type ?? 'sales',
      status: dto.status ?? 'active',
      description: dto.description ?? '',
      scriptId: dto.scriptId ?? null,
      callSettings: dto.callSettings ? definedFields(dto.callSettings) : {},
      callingWindow: dto.callingWindow ? { ...dto.callingWindow } : null,
      callerId: dto.callerId ?? '',
      handoff: storedHandoff(dto.handoff ?? null),
    });
  }
}

/** Stored with its defaults, so the conversation and the API read the same settings. */
function storedHandoff(handoff: HandoffSettings | null): HandoffSettings | null {
  return handoff && withHandoffDefaults(handoff);
}
