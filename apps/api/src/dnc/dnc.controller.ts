import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Roles } from '../auth/roles.guard';
import { CurrentPrincipal, type Principal } from '../common/tenant';
import { uploadedFile } from '../common/upload';
import { AddDncDto, BulkDncDto, DncQueryDto } from './dnc.dto';
import { DncService } from './dnc.service';

@ApiTags('dnc')
@ApiBearerAuth()
@Controller('dnc')
export class DncController {
  constructor(private readonly dnc: DncService) {}

  @Get()
  async list(@CurrentPrincipal() principal: Principal, @Query() query: DncQueryDto) {
    return { success: true, entries: await this.dnc.list(principal.organizationId, query.limit, query.offset) };
  }

  /** Idempotent; `created` is false when the number was already listed. */
  @Post()
  @Roles('admin')
  async add(@CurrentPrincipal() principal: Principal, @Body() body: AddDncDto) {
    return { success: true, ...(await this.dnc.add(principal.organizationId, body.phone, body.reason)) };
  }

  @Post('bulk')
  @Roles('admin')
  @HttpCode(200)
  async bulk(@CurrentPrincipal() principal: Principal, @Body() body: BulkDncDto) {
    return { success: true, ...(await this.dnc.addMany(principal.organizationId, body.phones, body.reason)) };
  }

  /** A CSV (`phone`, optional `reason`) as text/csv or a multipart `file`; each bad line is reported. */
  @Post('upload')
  @Roles('admin')
  @HttpCode(200)
  @ApiConsumes('text/csv', 'multipart/form-data')
  async upload(@CurrentPrincipal() principal: Principal, @Req() request: Request) {
    return { success: true, report: await this.dnc.importCsv(principal.organizationId, await uploadedFile(request)) };
  }

  @Delete(':id')
  @Roles('admin')
  @HttpCode(204)
  async remove(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.dnc.remove(principal.organizationId, id);
  }
}
