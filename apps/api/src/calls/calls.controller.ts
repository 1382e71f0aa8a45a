import {
  BadRequestException,
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
  StreamableFile,
} from '@nestjs/common';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Response } from 'express';
import { ApiBearerAuth, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { Roles } from '../auth/roles.guard';
import { CampaignControlDto, CampaignIdDto } from '../campaigns/campaign.dto';
import { CampaignRunner, type ControlAction } from '../campaigns/campaign-runner.service';
import { CampaignsService } from '../campaigns/campaigns.service';
import { CallControlRateLimit } from '../common/rate-limit.guard';
import { CurrentPrincipal, type Principal } from '../common/tenant';
import { type CallFilters, CallsService, decodeCursor } from './calls.service';
import { CALL_STATUSES, type CampaignStatus, type QueueStatus } from '../../../../libs/contracts/src';
import { OneOf } from '../common/dto';

/** Which calls: GET /calls's filters, also what a re-analysis covers. */
export class CallFiltersDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID() campaign_id?: string;
  /** Every attempt of one contact. */
  @ApiPropertyOptional() @IsOptional() @IsUUID() contact_id?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(40) outcome?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(40) emotion?: string;
  @OneOf(CALL_STATUSES, { optional: true }) status?: string;
  /** `true`: a rehearsal's calls (to simulated customers) only; otherwise live calls only. */
  @OneOf(['true', 'false'], { optional: true }) rehearsal?: 'true' | 'false';
  @ApiPropertyOptional() @IsOptional() @IsISO8601() from?: string;
  @ApiPropertyOptional() @IsOptional() @IsISO8601() to?: string;
}

export class CallsQueryDto extends CallFiltersDto {
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset?: number;
  /** The nextCursor of the previous page; faster than offset on long histories. */
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) cursor?: string;
}

function filtersOf(query: CallsQueryDto, defaultLimit: number): CallFilters {
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  if (query.cursor !== undefined && !after) throw new BadRequestException('cursor: not a cursor from a previous page');
  if (after && query.offset) throw new BadRequestException('offset: use either cursor or offset, not both');
  return {
    after,
    campaignId: query.campaign_id,
    contactId: query.contact_id,
    outcome: query.outcome,
    emotion: query.emotion,
    status: query.status,
    rehearsal: query.rehearsal === 'true',
    from: query.from ? new Date(query.from) : undefined,
    to: query.to ? new Date(query.to) : undefined,
    limit: query.limit ?? defaultLimit,
    offset: query.offset ?? 0,
  };
}

/** A running campaign's stored state in the words of its live status (a run exists, so a draft row is one starting). */
const STORED_STATUS: Record<CampaignStatus, QueueStatus['status']> = {
  draft: 'running',
  active: 'running',
  paused: 'paused',
  stopped: 'stopped',
  completed: 'completed',
  archived: 'stopped',
};

/** The seed's call endpoints: start and stop the queue, its status, history, details and conversation. */
@ApiTags('calls')
@ApiBearerAuth()
@Controller('calls')
export class CallsController {
  constructor(
    private readonly calls: CallsService,
    private readonly campaigns: CampaignsService,
    private readonly runner: CampaignRunner,
  ) {}

  @Post('automated/start')
  @Roles('admin')
  @CallControlRateLimit()
  @HttpCode(200)
  async start(@CurrentPrincipal() principal: Principal, @Body() body: CampaignIdDto) {
    await this.campaigns.get(principal.organizationId, body.campaignId);
    const launch = await this.runner.launch(body.campaignId);
    if (launch.result === 'refused') throw new BadRequestException(`campaignId: ${launch.message}`);
    return {
      success: true,
      message: launch.result === 'already_running' ? 'Automated calls already running' : 'Automated calls started successfully',
      campaignId: body.campaignId,
    };
  }

  /** Graceful: no new dials; calls in flight finish and are recorded. */
  @Post('automated/stop')
  @Roles('admin')
  @CallControlRateLimit()
  @HttpCode(200)
  stop(@CurrentPrincipal() principal: Principal, @Body() body: CampaignControlDto, @Res({ passthrough: true }) res: Response) {
    return this.control(principal, body, res, 'stop', 'Automated calls stopped successfully');
  }

  /** No new dial once this answers; calls in flight continue. */
  @Post('automated/pause')
  @Roles('admin')
  @CallControlRateLimit()
  @HttpCode(200)
  pause(@CurrentPrincipal() principal: Principal, @Body() body: CampaignControlDto, @Res({ passthrough: true }) res: Response) {
    return this.control(principal, body, res, 'pause', 'Automated calls paused');
  }

  /** Also the only way out of a pause the circuit breaker made. */
  @Post('automated/resume')
  @Roles('admin')
  @CallControlRateLimit()
  @HttpCode(200)
  resume(@CurrentPrincipal() principal: Principal, @Body() body: CampaignControlDto, @Res({ passthrough: true }) res: Response) {
    return this.control(principal, body, res, 'resume', 'Automated calls resumed');
  }

  /**
   * The caller's own campaign only (another organization's answers 404), then the signal. 200 once the
   * workflow has recorded the change; 202 when it has not within a few seconds (its worker is down): the
   * signal is durable and takes effect when the worker runs again.
   */
  private async control(principal: Principal, body: CampaignControlDto, res: Response, action: ControlAction, message: string) {
    await this.campaigns.get(principal.organizationId, body.campaignId);
    const { recorded, status } = await this.runner.control(body.campaignId, action, body.reason);
    if (recorded) return { success: true, message, status };
    res.status(HttpStatus.ACCEPTED);
    return { success: true, message: `${message}; the engine has not confirmed it yet`, status };
  }

  @Get('queue/status/:campaignId')
  async status(@CurrentPrincipal() principal: Principal, @Param('campaignId', ParseUUIDPipe) campaignId: string) {
    const campaign = await this.campaigns.get(principal.organizationId, campaignId);
    const reading = await this.runner.status(campaignId);
    if (reading && 'live' in reading) return { success: true, campaignId, status: reading.live };
    // No run, or one whose workers do not answer: the stored state, which says which of the two it is.
    const stored = reading ? STORED_STATUS[campaign.status] : 'idle';
    const status = {
      status: stored,
      paused: stored === 'paused',
      pauseReason: reading ? campaign.pauseReason : null,
      ...(await this.calls.campaignCounts(campaignId)),
      successfulCalls: 0,
      failedCalls: 0,
      activeCalls: 0,
      lastCallTime: null,
      nextCallTime: null,
    };
    return { success: true, campaignId, status, ...(reading ? { live: false, message: reading.unanswered } : {}) };
  }

  @Get()
  async list(@CurrentPrincipal() principal: Principal, @Query() query: CallsQueryDto) {
    const filters = filtersOf(query, 50);
    return { success: true, ...(await this.calls.list(principal.organizationId, filters)), limit: filters.limit, offset: filters.offset };
  }

  /** All matching calls (filters apply; limit and offset do not), streamed. Registered before `:id`. */
  @Get('export')
  export(@CurrentPrincipal() principal: Principal, @Query() query: CallsQueryDto): StreamableFile {
    const csv = Readable.from(this.calls.exportCsv(principal.organizationId, filtersOf(query, 0)));
    return new StreamableFile(csv, { type: 'text/csv; charset=utf-8', disposition: 'attachment; filename="calls.csv"' });
  }

  @Get(':id')
  async get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return { success: true, call: await this.calls.getWithTurns(principal.organizationId, id) };
  }

  /** The whole call's audio (WAV), with single byte ranges for players that seek. */
  @Get(':id/recording')
  @ApiProduces('audio/wav')
  async recording(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Headers('range') range: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const read = await this.calls.recording(principal.organizationId, id, range);
    res.setHeader('Accept-Ranges', 'bytes');
    if (read.kind === 'unsatisfiable') {
      res.status(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE).setHeader('Content-Range', `bytes */${read.size}`).end();
      return;
    }
    res.setHeader('Content-Type', 'audio/wav');
    res.setHeader('Content-Disposition', `inline; filename="call-${id}.wav"`);
    if (read.range) {
      res.status(HttpStatus.PARTIAL_CONTENT).setHeader('Content-Range', `bytes ${read.range.start}-${read.range.end}/${read.size}`);
      res.setHeader('Content-Length', read.range.end - read.range.start + 1);
    } else {
      res.status(HttpStatus.OK).setHeader('Content-Length', read.size);
    }
    await pipeline(read.audio, res);
  }

  /** Every analysis the call was given, newest (the one shown on the call) first. */
  @Get(':id/analyses')
  async analyses(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return { success: true, analyses: await this.calls.analyses(principal.organizationId, id) };
  }

  @Get(':id/conversation')
  async conversation(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return { success: true, ...(await this.calls.conversation(principal.organizationId, id)) };
  }
}
