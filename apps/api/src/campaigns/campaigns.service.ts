import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { type CampaignMode, type CampaignStatus, type HandoffSettings, type RehearsalMix, rehearsalMixProblems, withHandoffDefaults } from '../../../../libs/contracts/src';
import { type CallMetrics, CallRepository, type CampaignRecord, CampaignRepository, ScriptRepository } from '../../../../libs/db/src';
import { definedFields } from '../common/dto';
import type { CreateCampaignDto, RehearsalMixDto, UpdateCampaignDto } from './campaign.dto';

/** A mix as sent, checked beyond its fields' types: at least one behaviour must have weight. */
function checkedMix(dto: RehearsalMixDto | undefined): RehearsalMix | undefined {
  if (!dto) return undefined;
  const mix = definedFields(dto);
  const [problem] = rehearsalMixProblems(mix);
  if (problem) throw new BadRequestException(`${problem.field}: ${problem.message}`);
  return mix;
}

function requireMix(mode: CampaignMode, mix: RehearsalMix | null | undefined): void {
  if (mode === 'rehearsal' && !mix) throw new BadRequestException('rehearsalMix: required when mode is rehearsal');
}

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

  /**
   * Call settings are merged field by field; a running campaign has already saved them through its workflow.
   * A new mode resets the contacts (the caller has made sure the campaign does not run); `contactsReset` says
   * whether it did.
   */
  async update(organizationId: string, id: string, dto: UpdateCampaignDto): Promise<{ campaign: CampaignRecord; contactsReset: boolean }> {
    const current = await this.get(organizationId, id);
    await this.checkScript(organizationId, dto.scriptId);
    const rehearsalMix = checkedMix(dto.rehearsalMix);
    if (dto.mode) requireMix(dto.mode, rehearsalMix ?? current.rehearsalMix);
    const updated = await this.campaigns.update(organizationId, id, {
      name: dto.name,
      description: dto.description,
      scriptId: dto.scriptId,
      callerId: dto.callerId,
      callingWindow: dto.callingWindow ? { ...dto.callingWindow } : undefined,
      callSettings: dto.callSettings ? definedFields(dto.callSettings) : undefined,
      handoff: dto.handoff === undefined ? undefined : storedHandoff(dto.handoff),
      rehearsalMix,
    });
    if (!updated) throw new NotFoundException(`Campaign ${id} not found`);
    if (!dto.mode) return { campaign: updated, contactsReset: false };
    const switched = await this.campaigns.switchMode(organizationId, id, dto.mode);
    if (switched === 'not_found') throw new NotFoundException(`Campaign ${id} not found`);
    if (switched === 'has_live_calls') {
      throw new ConflictException('mode: the campaign has already called contacts for real; a rehearsal comes before going live');
    }
    return { campaign: await this.get(organizationId, id), contactsReset: switched === 'switched' };
  }

  async create(organizationId: string, dto: CreateCampaignDto): Promise<CampaignRecord> {
    await this.checkScript(organizationId, dto.scriptId);
    const mode = dto.mode ?? 'live';
    const rehearsalMix = checkedMix(dto.rehearsalMix) ?? null;
    requireMix(mode, rehearsalMix);
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
      mode,
      rehearsalMix,
    });
  }
}

/** Stored with its defaults, so the conversation and the API read the same settings. */
function storedHandoff(handoff: HandoffSettings | null): HandoffSettings | null {
  return handoff && withHandoffDefaults(handoff);
}
